//! Reading a file inside a cache without moving its access time, which uvcache takes as the
//! last use of the entry the file belongs to: a preview (`--dry-run`) must not change what the
//! real run decides, and a daily `prune --auto` must see entries age.
//!
//! Linux opens with `O_NOATIME` (honoured for the file's owner). Where that flag is missing or
//! refused, the file's access time is put back after the read (which moves its change time,
//! as any `utimes` does, and needs the owner too; for others the read is left as it is).

use std::io::Read;
use std::path::Path;

/// The flags for `OpenOptions::custom_flags`: `O_NOATIME` on Linux (honoured for the file's
/// owner; for others the open fails with `EPERM`, and callers open again without it); none
/// elsewhere, where reading moves the access time as the mount allows (`noatime`, `relatime`).
#[cfg(all(target_os = "linux", not(feature = "portable")))]
pub const NO_ATIME_FLAGS: i32 = rustix::fs::OFlags::NOATIME.bits() as i32;

/// The flags for `OpenOptions::custom_flags` (none: this system has no `O_NOATIME`).
#[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
pub const NO_ATIME_FLAGS: i32 = 0;

/// The whole file at `path`, its access time as it was.
pub fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let (mut file, flagged) = open(path)?;
    // Without the flag, the access time is put back after the read.
    let before = if flagged {
        None
    } else {
        file.metadata().and_then(|m| m.accessed()).ok()
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    if let Some(accessed) = before {
        let _ = file.set_times(std::fs::FileTimes::new().set_accessed(accessed));
    }
    Ok(bytes)
}

/// The file opened for reading, and whether the system's no-atime flag was taken.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<(std::fs::File, bool)> {
    use std::os::unix::fs::OpenOptionsExt;
    if NO_ATIME_FLAGS != 0
        && let Ok(file) = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(NO_ATIME_FLAGS)
            .open(path)
    {
        return Ok((file, true));
    }
    std::fs::File::open(path).map(|f| (f, false))
}

/// The file opened for reading, and for writing its times (`FILE_WRITE_ATTRIBUTES`), so that
/// the access time can be put back.
#[cfg(windows)]
fn open(path: &Path) -> std::io::Result<(std::fs::File, bool)> {
    use std::os::windows::fs::OpenOptionsExt;
    const GENERIC_READ: u32 = 0x8000_0000;
    const FILE_WRITE_ATTRIBUTES: u32 = 0x100;
    std::fs::OpenOptions::new()
        .access_mode(GENERIC_READ | FILE_WRITE_ATTRIBUTES)
        .open(path)
        .or_else(|_| std::fs::File::open(path))
        .map(|f| (f, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_leaves_the_access_time_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("revision.http");
        std::fs::write(&path, b"pointer").unwrap();
        let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_785_542_400); // 2026-08-01
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(
                std::fs::FileTimes::new()
                    .set_accessed(old)
                    .set_modified(old),
            )
            .unwrap();
        assert_eq!(read(&path).unwrap(), b"pointer");
        assert_eq!(read(&path).unwrap(), b"pointer");
        let accessed = std::fs::metadata(&path).unwrap().accessed().unwrap();
        assert_eq!(accessed, old, "two reads moved the access time");
    }
}
