//! What the engine knows of a file without reading it, the same on every system: its kind,
//! identity, link count, sizes and times. Each system fills it from what it has (`statx` or
//! `fstatat` on Unix, one handle's `GetFileInformationByHandle` on Windows).

/// What a path is, links never followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A symlink, or on Windows a junction (a name-surrogate reparse point): never followed.
    Link,
    /// Sockets, devices, FIFOs.
    Other,
}

impl Kind {
    /// The kind a Unix file type names; `None` for `Unknown`, which some file systems record
    /// in folders instead of the type.
    #[cfg(unix)]
    pub fn of_unix(kind: rustix::fs::FileType) -> Option<Kind> {
        use rustix::fs::FileType;
        match kind {
            FileType::RegularFile => Some(Kind::File),
            FileType::Directory => Some(Kind::Dir),
            FileType::Symlink => Some(Kind::Link),
            FileType::Unknown => None,
            _ => Some(Kind::Other),
        }
    }

    /// The kind `std` reads (a link is a symlink, or on Windows a junction).
    pub fn of_std(kind: std::fs::FileType) -> Kind {
        if kind.is_symlink() {
            Kind::Link
        } else if kind.is_dir() {
            Kind::Dir
        } else if kind.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

/// One `lstat`, as the engine uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub kind: Kind,
    /// Device (Unix) or volume serial number (Windows).
    pub dev: u64,
    /// Inode (Unix) or file index (Windows).
    pub ino: u64,
    pub nlink: u64,
    /// Apparent size (`st_size`, the file's length).
    pub size: u64,
    /// The bytes `uv cache size` counts for it: allocated blocks on Unix (`st_blocks` × 512),
    /// the length on Windows, where uv's `diskus` counts lengths.
    pub blocks: u64,
    /// Modification, change and access times (seconds, nanoseconds since the Unix epoch).
    /// Windows has no change time that `std` reads: there it is the modification time, as uv
    /// takes it for freshness there.
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub atime: (i64, u32),
    /// Permission bits (`0o777`); on Windows `0o444` for read-only files, else `0o666`.
    pub mode: u32,
}

impl Meta {
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }

    /// The meta of one Unix `stat` result.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)] // widths differ by system
    pub fn of_stat(stat: &rustix::fs::Stat) -> Meta {
        let kind =
            Kind::of_unix(rustix::fs::FileType::from_raw_mode(stat.st_mode)).unwrap_or(Kind::Other);
        Meta {
            kind,
            dev: stat.st_dev as u64,
            ino: stat.st_ino as u64,
            nlink: stat.st_nlink as u64,
            size: stat.st_size as u64,
            blocks: (stat.st_blocks as u64).saturating_mul(512),
            mtime: (stat.st_mtime as i64, stat.st_mtime_nsec as u32),
            ctime: (stat.st_ctime as i64, stat.st_ctime_nsec as u32),
            atime: (stat.st_atime as i64, stat.st_atime_nsec as u32),
            mode: (stat.st_mode as u32) & 0o7777,
        }
    }
}

impl Meta {
    /// The meta of what `std` read. On Windows `std` gives no identity or link count from a
    /// `Metadata` (that needs a handle: [`crate::os::handle::lstat`]): they are 0, 0 and 1.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_cast)] // widths differ by system
    pub fn of_std(meta: &std::fs::Metadata) -> Meta {
        use std::os::unix::fs::MetadataExt;
        let kind = Kind::of_std(meta.file_type());
        let time = |s: i64, ns: i64| (s, ns as u32);
        Meta {
            kind,
            dev: meta.dev(),
            ino: meta.ino(),
            nlink: meta.nlink(),
            size: meta.size(),
            blocks: meta.blocks().saturating_mul(512),
            mtime: time(meta.mtime(), meta.mtime_nsec()),
            ctime: time(meta.ctime(), meta.ctime_nsec()),
            atime: time(meta.atime(), meta.atime_nsec()),
            mode: meta.mode() & 0o7777,
        }
    }

    /// The meta of what `std` read (see the Unix version).
    #[cfg(not(unix))]
    pub fn of_std(meta: &std::fs::Metadata) -> Meta {
        let time = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
        };
        let mtime = time(meta.modified());
        Meta {
            kind: Kind::of_std(meta.file_type()),
            dev: 0,
            ino: 0,
            nlink: 1,
            size: meta.len(),
            blocks: meta.len(),
            mtime,
            ctime: mtime,
            atime: time(meta.accessed()),
            mode: if meta.permissions().readonly() {
                0o444
            } else {
                0o666
            },
        }
    }

    /// The change time as a `SystemTime` (the modification time where there is none).
    pub fn changed(&self) -> std::time::SystemTime {
        let (secs, nanos) = self.ctime;
        u64::try_from(secs).map_or(std::time::UNIX_EPOCH, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::new(secs, nanos)
        })
    }
}

/// 100-nanosecond intervals between 1601-01-01 (Windows' epoch) and 1970-01-01.
const FILETIME_EPOCH: i128 = 116_444_736_000_000_000;

/// A Windows `FILETIME` (100-nanosecond intervals since 1601) as seconds and nanoseconds
/// since the Unix epoch.
pub fn from_filetime(filetime: u64) -> (i64, u32) {
    let since = i128::from(filetime) - FILETIME_EPOCH;
    let seconds = since.div_euclid(10_000_000);
    let nanos = since.rem_euclid(10_000_000) * 100;
    (seconds as i64, nanos as u32)
}

/// Whether uv (0.12.6 and later) counts what a removal frees physically here: a file with
/// several names frees nothing (Linux and macOS). Elsewhere (Windows) uv cannot measure it and
/// counts every removed file's length.
pub const REMOVAL_COUNTS_PHYSICAL: bool = cfg!(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios"
));

/// Whether `uv cache size` counts a file with several names once per name met (Windows, where
/// uv's `diskus` does not de-duplicate) or once (Unix, by device and inode).
pub const SIZE_COUNTS_EACH_NAME: bool = cfg!(windows);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filetimes_convert_to_unix_times() {
        assert_eq!(from_filetime(116_444_736_000_000_000), (0, 0));
        // 2026-08-01T00:00:00.0000001Z.
        assert_eq!(
            from_filetime(116_444_736_000_000_000 + 17_855_424_000_000_001),
            (1_785_542_400, 100)
        );
        assert_eq!(from_filetime(116_444_735_990_000_000), (-1, 0));
        assert_eq!(from_filetime(0).0, -11_644_473_600);
    }
}
