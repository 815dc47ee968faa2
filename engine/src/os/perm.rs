//! Permissions, where the system has them (Unix's mode bits; Windows has a read-only flag
//! only, and nothing here changes there).

use std::fs::{Metadata, OpenOptions};
use std::path::Path;

/// Opens `path` to every user (`0o666` past the umask), as uv does for the cache's `.lock` so
/// that users sharing a cache can all lock it.
pub fn open_to_all(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o666)
}

/// Makes `path` executable (`0o755`), as an unpacked wheel's or a checkout's executable file.
pub fn make_executable(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o755)
}

/// Whether anyone may execute the file (on Windows: any file is).
pub fn is_executable(meta: &Metadata) -> bool {
    mode(meta).is_none_or(|mode| mode & 0o111 != 0)
}

/// The permission bits of a file others may read or write (`Some(mode)`), for secrets that
/// must be its owner's only; `None` where it is private or the system has no such bits.
pub fn shared_with_others(meta: &Metadata) -> Option<u32> {
    mode(meta).filter(|mode| mode & 0o077 != 0)
}

/// New files opened through `options` are their owner's only (`0o600`).
pub fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

fn mode(meta: &Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}
