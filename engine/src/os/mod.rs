//! What differs between the systems uv runs on, one small module per concern, so that the
//! engine's walkers and removers read the same on each:
//!
//! - [`dir`]: reading a directory's names from an open descriptor: Linux's `getdents64` into a
//!   reused buffer (names borrowed, nothing allocated per entry), `readdir` elsewhere;
//! - [`atime`]: reading a file without moving its access time (Linux's `O_NOATIME` for the
//!   file's owner; elsewhere the access time is put back after the read);
//! - [`identity`]: a file's device and inode as the engine stores them.
//!
//! The cargo feature `portable` makes Linux take the other systems' path (`readdir`, no
//! `O_NOATIME`), so that the engine's tests run it here too.
//!
//! Windows is not served yet: the engine's walk, removal and locks are built on `rustix`'s
//! file-descriptor calls, which Windows lacks.

pub mod atime;
pub mod dir;
pub mod identity;
