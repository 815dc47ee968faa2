//! The file system holding a path: its free space (for policies' `min-free`) and its device.

use std::path::Path;

/// Bytes available to this user on the file system holding `path`.
#[cfg(unix)]
pub fn free(path: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(path).ok()?;
    #[allow(clippy::useless_conversion)] // widths differ by system
    Some(u64::from(stat.f_bavail).saturating_mul(u64::from(stat.f_frsize)))
}

/// Bytes available to this user on the volume holding `path`.
#[cfg(windows)]
pub fn free(path: &Path) -> Option<u64> {
    use std::os::windows::ffi::OsStrExt;
    let wide: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    let mut available = 0u64;
    // SAFETY: `wide` is NUL-terminated and outlives the call; the other pointers are either
    // null (not asked for) or point to a live `u64`.
    let ok = unsafe {
        windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW(
            wide.as_ptr(),
            &mut available,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    (ok != 0).then_some(available)
}

/// The device (Unix) or volume (Windows) holding `path`.
pub fn device(path: &Path) -> Option<u64> {
    crate::os::handle::Dir::open(path)
        .and_then(|d| d.stat())
        .ok()
        .map(|m| m.dev)
}
