//! Cache links as uv writes them on each system, read without following them.
//!
//! On Unix an entry links to its archive with a symlink (absolute before uv 0.11.17, relative
//! since). On Windows, since uv 0.6.0, the link is a small regular file holding
//! `archive-v0/<id>` (relative to the cache root); buckets written before 0.6.0 hold NTFS
//! junctions, whose absolute targets are read as symlinks are.

use std::path::Path;

use crate::os::handle::{Dir, Name};
use crate::os::meta::{Kind, Meta};

/// Makes a symlink to a directory (archives) or a file; the kinds differ on Windows only,
/// where a symlink needs Developer Mode or privileges.
pub fn make_symlink(target: &Path, link: &Path, dir: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let _ = dir;
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(windows)]
    {
        if dir {
            std::os::windows::fs::symlink_dir(target, link)
        } else {
            std::os::windows::fs::symlink_file(target, link)
        }
    }
}

/// Makes `to` a clone of the file `from` (shared extents, copy on write), as uv's `clone` link
/// mode does: `FICLONE` on Linux (btrfs, XFS, bcachefs), `clonefile` on macOS (APFS).
/// `Unsupported` elsewhere, and an error where the file system cannot clone.
pub fn clone_file(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let src = std::fs::File::open(from)?;
        let dst = std::fs::File::create_new(to)?;
        if let Err(e) = rustix::fs::ioctl_ficlone(&dst, &src) {
            drop(dst);
            let _ = std::fs::remove_file(to);
            return Err(e.into());
        }
        dst.set_permissions(src.metadata()?.permissions())
    }
    #[cfg(target_os = "macos")]
    {
        let src = std::fs::File::open(from)?;
        Ok(rustix::fs::fclonefileat(
            &src,
            rustix::fs::CWD,
            to,
            rustix::fs::CloneFlags::empty(),
        )?)
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    {
        let _ = (from, to);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

/// What a link says, before it is resolved against the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkText {
    /// A symlink's or junction's target: relative to the link's folder, or absolute.
    Target(String),
    /// A Windows link file's text: relative to the cache root.
    FromRoot(String),
}

/// Link files are `archive-v<N>/<id>`: 27 or 32 bytes today; anything shorter than the
/// shortest such text, or longer than twice today's, is not one.
const LINK_FILE_SIZES: std::ops::RangeInclusive<u64> = 12..=64;
const MAX_LINK_FILE: u64 = *LINK_FILE_SIZES.end();

/// Which ways of placing a file work from `source` into the folder `dir` (uv's link modes,
/// in uv's order: clone, hardlink, symlink, copy); each is tried once, on a name of its own.
pub fn working_modes(source: &Path, dir: &Path) -> [(&'static str, bool); 4] {
    let works = |mode: &str| -> bool {
        let target = dir.join(mode);
        match mode {
            "clone" => clone_file(source, &target).is_ok(),
            "hardlink" => std::fs::hard_link(source, &target).is_ok(),
            "symlink" => make_symlink(source, &target, false).is_ok(),
            _ => std::fs::copy(source, &target).is_ok(),
        }
    };
    ["clone", "hardlink", "symlink", "copy"].map(|m| (m, works(m)))
}

/// The link `name` in `dir` (its meta `meta`), if it is one as uv writes them here.
pub fn read(dir: &Dir, name: &Name, meta: &Meta) -> Option<LinkText> {
    match meta.kind {
        Kind::Link => dir
            .read_link_at(name)
            .ok()
            .map(|t| LinkText::Target(plain(t))),
        Kind::File if cfg!(windows) && LINK_FILE_SIZES.contains(&meta.size) => read_file(dir, name),
        _ => None,
    }
}

/// A Windows link file's text, if it reads as one.
fn read_file(dir: &Dir, name: &Name) -> Option<LinkText> {
    parse_link_file(&dir.read_small_at(name, MAX_LINK_FILE).ok()?)
}

/// The bytes of a Windows link file: `archive-v<N>/<id>`, no newline, nothing else.
pub fn parse_link_file(bytes: &[u8]) -> Option<LinkText> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (bucket, id) = text.split_once('/')?;
    let version = bucket.strip_prefix("archive-v")?;
    let id_ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) && id_ok)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_files_read_as_uv_writes_them_on_windows() {
        // 16-character ids since uv 0.11.9, 21-character nanoids before.
        for text in [
            "archive-v0/Ab3_-x9ZqR7tK2mP",
            "archive-v0/V1StGXR8_Z5jdHi6B-myT",
        ] {
            assert_eq!(
                parse_link_file(text.as_bytes()),
                Some(LinkText::FromRoot(text.into()))
            );
        }
        for not_a_link in [
            &b"archive-v0/"[..],
            b"archive-v0/../../etc",
            b"archive-v0/id\n",
            b"archive-vx/id",
            b"archive-v/id",
            b"wheels-v6/id",
            b"archive-v0/a/b",
            b"archive-v0/C:\\x",
            b"\xff\xfe",
        ] {
            assert_eq!(parse_link_file(not_a_link), None, "{not_a_link:?}");
        }
    }
}
