//! What a file's metadata says of its bytes without reading them: size, modification and
//! change times, inode, device and mode. Any write moves the change time, which no user can
//! set, and a copy gets a new inode; so an unchanged stamp means unchanged bytes, as far as the
//! file system can tell (rsync's quick check, made stricter). Used for the records of what a
//! push hashed and for the uv binary whose release was asked.

use std::fs::Metadata;

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

/// The stamp of a file or link.
#[cfg(unix)]
pub fn stamp(meta: &Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    let nanos = |s: i64, ns: i64| i128::from(s) * 1_000_000_000 + i128::from(ns);
    Stamp {
        size: meta.size(),
        modified: nanos(meta.mtime(), meta.mtime_nsec()),
        changed: nanos(meta.ctime(), meta.ctime_nsec()),
        inode: meta.ino(),
        device: meta.dev(),
        mode: meta.mode(),
    }
}

/// The stamp of a file or link: where there is no change time or inode, the size and the
/// modification and creation times.
#[cfg(not(unix))]
pub fn stamp(meta: &Metadata) -> Stamp {
    let nanos = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128)
    };
    Stamp {
        size: meta.len(),
        modified: nanos(meta.modified()),
        changed: nanos(meta.created()),
        ..Stamp::default()
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
