//! Permissions as uv sets them.

use std::path::Path;

/// Opens `path` to every user (`0o666` past the umask), as uv does for the cache's `.lock` so
/// that users sharing a cache can all lock it. Windows has no such bits: nothing to do.
pub fn open_to_all(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
