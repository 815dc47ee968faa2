//! Where a removal parks directory trees between taking them out of uv's view (under uv's
//! lock, a rename each) and deleting them (after the lock): a folder of the run's own.
//!
//! The folder is `.tmp-uvcache-park-<pid>-<n>` in uvcache's store when the store is on the cache's
//! file system: there uv never meets the trees, so `uv cache clean`, `prune` and `size` run
//! beside the deletion as if it were over. When the store is elsewhere (a rename never crosses
//! file systems), the folder sits at the cache root, in uv's sight; the run then deletes while
//! holding uv's lock shared, so uv's `clean` and `prune` wait for it as for any other user of
//! the cache ([`crate::removal::run`]).
//!
//! The run holds a `flock` on the folder itself until the folder is gone. A later run (of any
//! cache) deletes only folders whose lock is free: those of runs that died. Pull stages
//! (`.tmp-uvcache-pull-*`, owned through a locked `.owner` file in them) are told apart the
//! same way.

use std::ffi::CString;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustix::fs::{AtFlags, FlockOperation, Mode, OFlags};
use rustix::io::Errno;

use crate::error::{Error, Result};

/// Prefix of uvcache's working folders: park folders, pull stages, and (before park folders)
/// trees parked directly at the root.
pub const TRASH_PREFIX: &str = ".tmp-uvcache-";

/// The prefix of park folders (a kind of uvcache's `.tmp-uvcache-*` folders).
pub fn park_prefix() -> String {
    format!("{TRASH_PREFIX}park-")
}

/// One run's park folder, locked by the run for its lifetime.
pub struct Park {
    /// The folder, opened (and `flock`ed through this descriptor).
    pub(crate) fd: Arc<OwnedFd>,
    /// The directory it is in, and its name there.
    parent: Arc<OwnedFd>,
    name: CString,
    /// Whether uv can see it (at the cache root).
    pub(crate) in_cache: bool,
    next: AtomicUsize,
}

fn open_dir(parent: &OwnedFd, name: &CString) -> std::result::Result<OwnedFd, Errno> {
    rustix::fs::openat(
        parent,
        name.as_c_str(),
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )
}

impl Park {
    /// Makes a park folder in the directory `parent` (at `parent_path`), locked. `in_cache` says
    /// whether that directory is the cache root.
    pub fn create(parent: Arc<OwnedFd>, parent_path: &Path, in_cache: bool) -> Result<Park> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let text = format!(
            "{}{}-{}-{stamp}",
            park_prefix(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = parent_path.join(&text);
        let name = CString::new(text).map_err(|_| Error::OutsideRoot(path.clone()))?;
        rustix::fs::mkdirat(&*parent, name.as_c_str(), Mode::from_raw_mode(0o700))
            .map_err(|e| Error::io(&path, e.into()))?;
        let fd = open_dir(&parent, &name).map_err(|e| Error::io(&path, e.into()))?;
        // A run recovering dead folders might have taken it between mkdir and here: then the
        // lock is theirs, or the folder is already unlinked. Either way it is not ours to use.
        let ours = rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive).is_ok()
            && rustix::fs::fstat(&fd).is_ok_and(|s| s.st_nlink > 0);
        if !ours {
            return Err(Error::io(
                &path,
                std::io::Error::other("another uvcache run took this park folder"),
            ));
        }
        Ok(Park {
            fd: Arc::new(fd),
            parent,
            name,
            in_cache,
            next: AtomicUsize::new(0),
        })
    }

    /// A fresh name for the next tree parked here.
    pub fn next_name(&self) -> CString {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        CString::new(n.to_string()).unwrap_or_default()
    }

    /// Removes the (emptied) folder. What is still in it stays for a later run's recovery.
    pub fn remove(&self) {
        let _ = rustix::fs::unlinkat(&*self.parent, self.name.as_c_str(), AtFlags::REMOVEDIR);
    }
}

/// The `.tmp-uvcache-*` folders in `dir` whose owner is gone: no run holds a lock on the folder
/// itself or on an `.owner` file in it. Each comes back opened and locked by this run, so no
/// other run recovers it at the same time; the descriptor keeps the lock until dropped.
pub fn abandoned(dir_fd: &Arc<OwnedFd>, dir: &Path) -> Result<Vec<(CString, OwnedFd)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        if !name.as_bytes().starts_with(TRASH_PREFIX.as_bytes())
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let name = CString::new(name.as_bytes()).map_err(|_| Error::OutsideRoot(entry.path()))?;
        let Ok(fd) = open_dir(dir_fd, &name) else {
            continue;
        };
        if rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive).is_err() {
            continue; // a live park folder
        }
        if owner_is_alive(&fd) {
            continue; // a live pull stage
        }
        found.push((name, fd));
    }
    Ok(found)
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
