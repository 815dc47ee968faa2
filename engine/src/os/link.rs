//! Cache links as uv writes them on each system, read without following them.
//!
//! On Unix an entry links to its archive with a symlink (absolute before uv 0.11.17, relative
//! since). On Windows, since uv 0.6.0, the link is a small regular file holding
//! `archive-v0/<id>` (relative to the cache root); buckets written before 0.6.0 hold NTFS
//! junctions, whose absolute targets are read as symlinks are.

use crate::os::handle::{Dir, Name};
use crate::os::meta::{Kind, Meta};

/// What a link says, before it is resolved against the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkText {
    /// A symlink's or junction's target: relative to the link's folder, or absolute.
    Target(String),
    /// A Windows link file's text: relative to the cache root.
    FromRoot(String),
}

/// Link files are `archive-v<N>/<id>`: 27 or 32 bytes today; anything longer is not one.
const MAX_LINK_FILE: u64 = 64;

/// The link `name` in `dir` (its meta `meta`), if it is one as uv writes them here.
pub fn read(dir: &Dir, name: &Name, meta: &Meta) -> Option<LinkText> {
    match meta.kind {
        Kind::Link => dir
            .read_link_at(name)
            .ok()
            .map(|t| LinkText::Target(plain(t))),
        Kind::File if cfg!(windows) && meta.size <= MAX_LINK_FILE => read_file(dir, name),
        _ => None,
    }
}

/// A Windows link file's text, if it reads as one (`archive-v<N>/<id>`).
#[cfg_attr(unix, allow(dead_code))]
fn read_file(dir: &Dir, name: &Name) -> Option<LinkText> {
    let bytes = dir.read_small_at(name, MAX_LINK_FILE).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (bucket, id) = text.split_once('/')?;
    let version = bucket.strip_prefix("archive-v")?;
    (version.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty() && !id.contains(['/', '\\']))
        .then(|| LinkText::FromRoot(text.to_string()))
}

/// A target without Windows' verbatim prefix (`\\?\C:\…` is `C:\…`), so that it compares
/// with the cache root as given.
fn plain(target: String) -> String {
    match target.strip_prefix(r"\\?\") {
        Some(rest) if cfg!(windows) => rest.to_string(),
        _ => target,
    }
}
