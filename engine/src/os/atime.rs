//! Opening a file to read it without moving its access time, which uvcache takes as the last
//! use of the entry the file belongs to.

/// The flags for `OpenOptions::custom_flags`: `O_NOATIME` on Linux (honoured for the file's
/// owner; for others the open fails with `EPERM`, and callers open again without it); none
/// elsewhere, where reading moves the access time as the mount allows (`noatime`, `relatime`).
#[cfg(all(target_os = "linux", not(feature = "portable")))]
pub const NO_ATIME_FLAGS: i32 = rustix::fs::OFlags::NOATIME.bits() as i32;

/// The flags for `OpenOptions::custom_flags` (none: this system has no `O_NOATIME`).
#[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
pub const NO_ATIME_FLAGS: i32 = 0;
