//! What differs between the systems uv runs on, one small module per concern, so that the
//! engine's walkers and removers read the same on each:
//!
//! - [`handle`]: an open folder and what is done relative to it (open a child, `lstat`, read a
//!   link, unlink, rename, lock), never through a symlink: descriptors on Unix, checked paths
//!   on Windows;
//! - [`dir`]: reading a folder's names: Linux's `getdents64` into a reused buffer (names
//!   borrowed, nothing allocated per entry), `readdir` on other Unix systems, `read_dir` on
//!   Windows;
//! - [`meta`]: one `lstat` as the engine uses it (kind, identity, link count, sizes as uv
//!   counts them there, times);
//! - [`link`]: cache links as uv writes them (symlinks on Unix, `archive-v0/<id>` files on
//!   Windows since uv 0.6.0, junctions before);
//! - [`atime`]: reading a file without moving its access time;
//! - [`perm`]: permissions uv sets (its lock file open to every user on Unix);
//! - [`space`]: free space on a file system.
//!
//! The cargo feature `portable` makes Linux take the other Unix systems' path (`readdir`, no
//! `O_NOATIME`), so that the engine's tests run it here too.

pub mod atime;
pub mod dir;
pub mod handle;
pub mod link;
pub mod meta;
pub mod perm;
pub mod space;
