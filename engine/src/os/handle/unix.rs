//! [`Dir`] on Unix: a descriptor, every call relative to it.

use std::borrow::Cow;
use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::OwnedFd;
use std::path::Path;

use rustix::fs::{AtFlags, FlockOperation, Mode, OFlags};

use crate::os::meta::Meta;

/// A name in a folder.
pub type Name = CStr;
/// An owned [`Name`].
pub type NameBuf = CString;

/// The name for `text`, `None` if it holds a NUL.
pub fn name(text: &str) -> Option<NameBuf> {
    CString::new(text).ok()
}

/// The name for a path component, `None` if it holds a NUL.
pub fn name_os(text: &std::ffi::OsStr) -> Option<NameBuf> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(text.as_bytes()).ok()
}

pub(super) fn name_bytes(name: &Name) -> &[u8] {
    name.to_bytes()
}

pub(super) fn name_text(name: &Name) -> Cow<'_, str> {
    String::from_utf8_lossy(name.to_bytes())
}

/// `name` as a path component.
pub fn name_path(name: &Name) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(name.to_bytes()))
}

/// The meta of `path` itself (a symlink not followed).
pub fn lstat(path: &Path) -> io::Result<Meta> {
    Ok(Meta::of_stat(&rustix::fs::lstat(path)?))
}

pub(super) fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

/// Renames `from` to `to` without replacing: a path that exists by now is `AlreadyExists`,
/// never overwritten. Linux and macOS ask the kernel (`RENAME_NOREPLACE`, `RENAME_EXCL`);
/// other Unix systems, and file systems without it, check `to` and then rename (callers hold
/// uv's lock).
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(Errno::EXIST) => return Err(io::ErrorKind::AlreadyExists.into()),
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

const FOLDER: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::CLOEXEC);

/// An open folder.
#[derive(Debug)]
pub struct Dir(OwnedFd);

/// A lock held on a folder ([`Dir::try_lock`]) until dropped.
#[derive(Debug)]
pub struct FolderLock(#[allow(dead_code)] OwnedFd);

impl FolderLock {
    /// Lets the folder go before it is removed (nothing to do: the lock is on the folder).
    pub fn release(&self, _folder: &Dir) {}
}

impl Dir {
    /// Opens the folder at `path` (symlinks in it followed: the caller chose it).
    pub fn open(path: &Path) -> io::Result<Dir> {
        Ok(Dir(rustix::fs::open(path, FOLDER, Mode::empty())?))
    }

    /// Opens the child folder `name`, refusing a symlink.
    pub fn open_at(&self, name: &Name) -> io::Result<Dir> {
        Ok(Dir(rustix::fs::openat(
            &self.0,
            name,
            FOLDER | OFlags::NOFOLLOW,
            Mode::empty(),
        )?))
    }

    /// Opens the folder at `rel` (`/`-separated, below this one), refusing symlinks at
    /// every step.
    pub fn open_rel(&self, rel: &str) -> io::Result<Dir> {
        let mut parts = rel.split('/').filter(|p| !p.is_empty());
        let first = parts.next().ok_or(io::ErrorKind::InvalidInput)?;
        let mut dir = self.open_at(&name(first).ok_or(io::ErrorKind::InvalidInput)?)?;
        for part in parts {
            dir = dir.open_at(&name(part).ok_or(io::ErrorKind::InvalidInput)?)?;
        }
        Ok(dir)
    }

    /// The folder's own meta.
    pub fn stat(&self) -> io::Result<Meta> {
        Ok(Meta::of_stat(&rustix::fs::fstat(&self.0)?))
    }

    /// The meta of the child `name`, a symlink not followed.
    pub fn stat_at(&self, name: &Name) -> io::Result<Meta> {
        Ok(Meta::of_stat(&rustix::fs::statat(
            &self.0,
            name,
            AtFlags::SYMLINK_NOFOLLOW,
        )?))
    }

    /// The meta of `rel` (`/`-separated, below this folder), its last step not followed.
    pub fn stat_rel(&self, rel: &str) -> io::Result<Meta> {
        Ok(Meta::of_stat(&rustix::fs::statat(
            &self.0,
            rel,
            AtFlags::SYMLINK_NOFOLLOW,
        )?))
    }

    /// The target text of the symlink `name`.
    pub fn read_link_at(&self, name: &Name) -> io::Result<String> {
        let target = rustix::fs::readlinkat(&self.0, name, Vec::new())?;
        Ok(String::from_utf8_lossy(target.to_bytes()).into_owned())
    }

    /// The first `max` bytes of the file `name` (a symlink refused).
    pub fn read_small_at(&self, name: &Name, max: u64) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let fd = rustix::fs::openat(
            &self.0,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let mut bytes = Vec::new();
        std::fs::File::from(fd).take(max).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Removes the file or symlink `name`.
    pub fn unlink_at(&self, name: &Name) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.0, name, AtFlags::empty())?)
    }

    /// Removes the empty folder `name`.
    pub fn remove_dir_at(&self, name: &Name) -> io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.0, name, AtFlags::REMOVEDIR)?)
    }

    /// Renames `name` to `to_name` in the folder `to` (same file system).
    pub fn rename_at(&self, name: &Name, to: &Dir, to_name: &Name) -> io::Result<()> {
        Ok(rustix::fs::renameat(&self.0, name, &to.0, to_name)?)
    }

    /// Makes the folder `name`, for this user only.
    pub fn make_dir_at(&self, name: &Name) -> io::Result<()> {
        Ok(rustix::fs::mkdirat(
            &self.0,
            name,
            Mode::from_raw_mode(0o700),
        )?)
    }

    /// Takes this folder's lock without waiting (`flock` on it), and only if no `.owner` file
    /// in it is locked by someone else: a folder of uvcache's whose owner is gone.
    pub fn try_lock(&self) -> io::Result<FolderLock> {
        let lock = self.0.try_clone()?;
        rustix::fs::flock(&lock, FlockOperation::NonBlockingLockExclusive)?;
        if owner_is_alive(&self.0) {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Ok(FolderLock(lock))
    }

    /// Whether the folder still has a name (a recovering run may have removed it).
    pub fn is_linked(&self) -> bool {
        rustix::fs::fstat(&self.0).is_ok_and(|s| s.st_nlink > 0)
    }

    /// The descriptor, for the directory reader.
    pub(in crate::os) fn fd(&self) -> &OwnedFd {
        &self.0
    }
}

/// Whether an `.owner` file in the folder is locked by a live process.
fn owner_is_alive(folder: &OwnedFd) -> bool {
    let Ok(owner) = rustix::fs::openat(
        folder,
        c".owner",
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    ) else {
        return false;
    };
    match rustix::fs::flock(&owner, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => {
            let _ = rustix::fs::flock(&owner, FlockOperation::Unlock);
            false
        }
        Err(_) => true,
    }
}
