//! An open folder inside a cache, and what the engine does relative to it: open a child folder,
//! `lstat`, read a link, unlink, rename, make a folder, lock it. Never through a symlink.
//!
//! On Unix a [`Dir`] is a descriptor and every call is fd-relative (`openat` with `O_NOFOLLOW`,
//! `fstatat(AT_SYMLINK_NOFOLLOW)`, `unlinkat`, `renameat`): a name is resolved once, in the
//! folder it was found in, and a symlink swapped in on the way is refused by the system.
//! Windows has no such calls in `std`: a [`Dir`] is the folder's path, each child is checked
//! with a handle opened on the reparse point itself (never following it), and a junction or
//! symlink met where a folder was expected is refused as on Unix. The window between that
//! check and the use of the path is Windows' own (uv's removal has it too).
//!
//! Names are the system's own ([`Name`]: a C string on Unix, an `OsStr` on Windows).

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;

use std::borrow::Cow;

/// A name as text (invalid UTF-8 replaced): names in uv's caches are UTF-8.
pub fn lossy(name: &Name) -> Cow<'_, str> {
    name_text(name)
}

/// Whether `name` is `.` or `..`.
pub fn is_dot(name: &Name) -> bool {
    matches!(&*lossy(name), "." | "..")
}

/// Renames `from` to `to` without replacing: a path that exists by now is `AlreadyExists`,
/// never overwritten. Linux and macOS ask the kernel (`RENAME_NOREPLACE`, `RENAME_EXCL`);
/// elsewhere, and on file systems without it, `to` is checked and then renamed (callers hold
/// uv's lock).
pub fn rename_new(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(Errno::EXIST) => return Err(std::io::ErrorKind::AlreadyExists.into()),
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

/// Whether an error says a link (or a file) stood where a folder was expected.
pub fn is_link_in_the_way(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotADirectory || is_loop(e)
}
