//! What a file's metadata says of its bytes without reading them: size, modification and
//! change times, inode, device and mode. Any write moves the change time, which no user can
//! set, and a copy gets a new inode; so an unchanged stamp means unchanged bytes, as far as the
//! file system can tell (rsync's quick check, made stricter). Used for the records of what a
//! push hashed and for the uv binary whose release was asked.

use std::fs::Metadata;

use crate::os::meta::Meta;

/// What a file's metadata says of its bytes without reading them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Stamp {
    size: u64,
    modified: i128,
    changed: i128,
    inode: u64,
    device: u64,
    mode: u32,
}

/// The stamp of a file or link (where the system has no change time or inode: the size, the
/// modification time and the mode, [`Meta::of_std`]).
pub fn stamp(meta: &Metadata) -> Stamp {
    let meta = Meta::of_std(meta);
    let nanos = |(s, ns): (i64, u32)| i128::from(s) * 1_000_000_000 + i128::from(ns);
    Stamp {
        size: meta.size,
        modified: nanos(meta.mtime),
        changed: nanos(meta.ctime),
        inode: meta.ino,
        device: meta.dev,
        mode: meta.mode,
    }
}

impl Stamp {
    /// The stamp as text, every field in order (for hashing).
    pub fn text(&self) -> String {
        format!(
            "{}\0{}\0{}\0{}\0{}\0{}",
            self.size, self.modified, self.changed, self.inode, self.device, self.mode
        )
    }
}

/// The stamp of what `path` names (links not followed), if it can be read.
pub fn of(path: &std::path::Path) -> Option<Stamp> {
    std::fs::symlink_metadata(path).ok().map(|m| stamp(&m))
}
