//! [`Dir`] on Windows: the folder's path (verbatim, `\\?\`, as uv removes with), each child
//! checked through a handle opened on the reparse point itself.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io;
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::os::meta::{Kind, Meta};

/// A name in a folder.
pub type Name = OsStr;
/// An owned [`Name`].
pub type NameBuf = OsString;

const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
const FILE_ATTRIBUTE_READONLY: u64 = 0x1;
const FILE_ATTRIBUTE_DIRECTORY: u64 = 0x10;
const FILE_ATTRIBUTE_REPARSE_POINT: u64 = 0x400;

/// The name for `text` (any text is a name here; `None` for NUL, as on Unix).
pub fn name(text: &str) -> Option<NameBuf> {
    (!text.contains('\0')).then(|| OsString::from(text))
}

/// The name for a path component.
pub fn name_os(text: &OsStr) -> Option<NameBuf> {
    Some(text.to_owned())
}

pub(super) fn name_bytes(name: &Name) -> &[u8] {
    name.as_encoded_bytes()
}

pub(super) fn name_text(name: &Name) -> Cow<'_, str> {
    name.to_string_lossy()
}

/// `name` as a path component.
pub fn name_path(name: &Name) -> &Path {
    Path::new(name)
}

/// The meta of `path` itself (a reparse point not followed).
pub fn lstat(path: &Path) -> io::Result<Meta> {
    meta_of(&verbatim(path))
}

pub(super) fn is_loop(_e: &io::Error) -> bool {
    false
}

/// An open folder: its verbatim path.
#[derive(Debug)]
pub struct Dir(PathBuf);

/// The lock of a folder of uvcache's: its `.owner` file, locked (Windows does not lock
/// folders).
#[derive(Debug)]
pub struct FolderLock(Mutex<Option<File>>);

impl FolderLock {
    /// Unlocks and removes `.owner`, so that the folder can be removed.
    pub fn release(&self, folder: &Dir) {
        if let Ok(mut file) = self.0.lock() {
            drop(file.take());
        }
        let _ = std::fs::remove_file(folder.0.join(".owner"));
    }
}

/// `path` as a verbatim path (`\\?\C:\…`, `\\?\UNC\server\share\…`): no `MAX_PATH` limit, and
/// names ending in a dot or a space are kept (uv 0.11.6 removes through such paths). Built
/// lexically, component by component (`GetFullPathNameW` would strip those dots); a relative
/// path is made absolute first.
fn verbatim(path: &Path) -> PathBuf {
    use std::path::{Component, Prefix};
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = OsString::new();
    let mut parts: Vec<&OsStr> = Vec::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(prefix) => match prefix.kind() {
                Prefix::Disk(drive) => out.push(format!(r"\\?\{}:", drive as char)),
                Prefix::UNC(server, share) => {
                    out.push(r"\\?\UNC\");
                    out.push(server);
                    out.push(r"\");
                    out.push(share);
                }
                // Already verbatim, or a device path: kept as it is.
                _ => return absolute,
            },
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(name) => parts.push(name),
        }
    }
    if out.is_empty() {
        return absolute;
    }
    for part in parts {
        out.push(r"\");
        out.push(part);
    }
    PathBuf::from(out)
}

/// The meta of `path` itself (a reparse point is not followed), from one handle; where no
/// handle can be had (access denied, a file pending deletion), from the folder's listing as
/// `std` reads it, without identity or link count.
fn meta_of(path: &Path) -> io::Result<Meta> {
    let file = match OpenOptions::new()
        .access_mode(0)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(e),
        Err(_) => return std::fs::symlink_metadata(path).map(|m| Meta::of_std(&m)),
    };
    let info = winapi_util::file::information(&file)?;
    let attributes = info.file_attributes();
    let kind = if attributes & FILE_ATTRIBUTE_REPARSE_POINT != 0 && name_surrogate(&file) {
        Kind::Link
    } else if attributes & FILE_ATTRIBUTE_DIRECTORY != 0 {
        Kind::Dir
    } else {
        Kind::File
    };
    let time = |t: Option<u64>| crate::os::meta::from_filetime(t.unwrap_or_default());
    let mtime = time(info.last_write_time());
    Ok(Meta {
        kind,
        dev: info.volume_serial_number(),
        ino: info.file_index(),
        nlink: info.number_of_links(),
        size: info.file_size(),
        blocks: info.file_size(),
        mtime,
        ctime: mtime,
        atime: time(info.last_access_time()),
        mode: if attributes & FILE_ATTRIBUTE_READONLY != 0 {
            0o444
        } else {
            0o666
        },
    })
}

/// Whether the reparse point open as `file` is a link (a name surrogate: a junction or a
/// symlink), as `std` and uv tell them; other reparse points (cloud placeholders,
/// deduplicated or compressed files) are the files and folders they stand for.
fn name_surrogate(file: &File) -> bool {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{
        FILE_ATTRIBUTE_TAG_INFO, FileAttributeTagInfo, GetFileInformationByHandleEx,
    };
    let mut info = FILE_ATTRIBUTE_TAG_INFO {
        FileAttributes: 0,
        ReparseTag: 0,
    };
    // SAFETY: the handle is open for the call, and `info` is a live buffer of the size given.
    let ok = unsafe {
        GetFileInformationByHandleEx(
            file.as_raw_handle(),
            FileAttributeTagInfo,
            (&raw mut info).cast(),
            std::mem::size_of::<FILE_ATTRIBUTE_TAG_INFO>() as u32,
        )
    };
    // Unknown: taken as a link, which is never followed.
    ok == 0 || info.ReparseTag & 0x2000_0000 != 0
}

/// `path` as a NUL-terminated wide string.
fn wide(path: &Path) -> Vec<u16> {
    use std::os::windows::ffi::OsStrExt;
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

/// Renames `from` to `to` without replacing: a path that exists by now is an error, never
/// overwritten (`MoveFileExW` without `MOVEFILE_REPLACE_EXISTING`).
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    let (from, to) = (wide(from), wide(to));
    // SAFETY: both strings are NUL-terminated and outlive the call.
    let ok = unsafe {
        windows_sys::Win32::Storage::FileSystem::MoveFileExW(from.as_ptr(), to.as_ptr(), 0)
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

impl Dir {
    /// Opens the folder at `path` (a link to it followed: the caller chose it).
    pub fn open(path: &Path) -> io::Result<Dir> {
        let path = verbatim(path);
        if !std::fs::metadata(&path)?.is_dir() {
            return Err(io::ErrorKind::NotADirectory.into());
        }
        Ok(Dir(path))
    }

    /// Opens the child folder `name`, refusing a junction or symlink.
    pub fn open_at(&self, name: &Name) -> io::Result<Dir> {
        let path = self.0.join(name);
        match meta_of(&path)?.kind {
            Kind::Dir => Ok(Dir(path)),
            _ => Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                "not a folder (a link is never followed)",
            )),
        }
    }

    /// Opens the folder at `rel` (`/`-separated), refusing links at every step.
    pub fn open_rel(&self, rel: &str) -> io::Result<Dir> {
        let mut dir = Dir(self.0.clone());
        for part in rel.split('/').filter(|p| !p.is_empty()) {
            dir = dir.open_at(OsStr::new(part))?;
        }
        Ok(dir)
    }

    pub fn stat(&self) -> io::Result<Meta> {
        meta_of(&self.0)
    }

    pub fn stat_at(&self, name: &Name) -> io::Result<Meta> {
        meta_of(&self.0.join(name))
    }

    pub fn stat_rel(&self, rel: &str) -> io::Result<Meta> {
        meta_of(&self.join_rel(rel))
    }

    /// The target of the symlink or junction `name`, as text.
    pub fn read_link_at(&self, name: &Name) -> io::Result<String> {
        let target = std::fs::read_link(self.0.join(name))?;
        Ok(target.to_string_lossy().into_owned())
    }

    /// The first `max` bytes of the file `name`, its access time as it was.
    pub fn read_small_at(&self, name: &Name, max: u64) -> io::Result<Vec<u8>> {
        let mut bytes = crate::os::atime::read(&self.0.join(name))?;
        bytes.truncate(max as usize);
        Ok(bytes)
    }

    /// Removes the file, symlink or junction `name`; a read-only file is made writable first,
    /// as uv does.
    pub fn unlink_at(&self, name: &Name) -> io::Result<()> {
        use std::os::windows::fs::FileTypeExt;
        let path = self.0.join(name);
        let meta = std::fs::symlink_metadata(&path)?;
        // A junction or directory symlink is removed as the link it is, its target (perhaps
        // gone) never looked at.
        if meta.is_dir() || meta.file_type().is_symlink_dir() {
            return std::fs::remove_dir(&path);
        }
        match std::fs::remove_file(&path) {
            Err(e)
                if e.kind() == io::ErrorKind::PermissionDenied && meta.permissions().readonly() =>
            {
                let mut permissions = meta.permissions();
                #[allow(clippy::permissions_set_readonly_false)] // Windows: clears the flag only
                permissions.set_readonly(false);
                std::fs::set_permissions(&path, permissions)?;
                std::fs::remove_file(&path)
            }
            other => other,
        }
    }

    pub fn remove_dir_at(&self, name: &Name) -> io::Result<()> {
        std::fs::remove_dir(self.0.join(name))
    }

    /// Renames `name` to `to_name` in `to`, never over an existing name.
    pub fn rename_at(&self, name: &Name, to: &Dir, to_name: &Name) -> io::Result<()> {
        rename_new(&self.0.join(name), &to.0.join(to_name))
    }

    pub fn make_dir_at(&self, name: &Name) -> io::Result<()> {
        std::fs::create_dir(self.0.join(name))
    }

    /// Takes the folder's lock without waiting: its `.owner` file, locked.
    pub fn try_lock(&self) -> io::Result<FolderLock> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.0.join(".owner"))?;
        file.try_lock().map_err(|e| match e {
            std::fs::TryLockError::Error(e) => e,
            std::fs::TryLockError::WouldBlock => io::ErrorKind::WouldBlock.into(),
        })?;
        Ok(FolderLock(Mutex::new(Some(file))))
    }

    /// Whether the folder still has its name.
    pub fn is_linked(&self) -> bool {
        self.0.is_dir()
    }

    /// The folder's path, for the directory reader.
    pub(in crate::os) fn path(&self) -> &Path {
        &self.0
    }

    fn join_rel(&self, rel: &str) -> PathBuf {
        let mut path = self.0.clone();
        path.extend(rel.split('/').filter(|p| !p.is_empty()));
        path
    }
}
