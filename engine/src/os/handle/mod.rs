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

/// Whether `name` is `.` or `..` (its bytes compared: the walk asks for every name).
pub fn is_dot(name: &Name) -> bool {
    matches!(name_bytes(name), b"." | b"..")
}

/// Whether an error says a link (or a file) stood where a folder was expected.
pub fn is_link_in_the_way(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotADirectory || is_loop(e)
}
