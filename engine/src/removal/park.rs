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

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};
use crate::os::handle::{self, Dir, FolderLock, NameBuf};

/// Prefix of uvcache's working folders: park folders, pull stages, and (before park folders)
/// trees parked directly at the root.
pub const TRASH_PREFIX: &str = ".tmp-uvcache-";

/// The prefix of park folders (a kind of uvcache's `.tmp-uvcache-*` folders).
pub fn park_prefix() -> String {
    format!("{TRASH_PREFIX}park-")
}

/// One run's park folder, locked by the run for its lifetime.
pub struct Park {
    /// The folder, opened.
    pub(crate) fd: Arc<Dir>,
    /// Its lock, held until the folder is removed.
    lock: FolderLock,
    /// The directory it is in, and its name there.
    parent: Arc<Dir>,
    name: NameBuf,
    /// Whether uv can see it (at the cache root).
    pub(crate) in_cache: bool,
    next: AtomicUsize,
}

impl Park {
    /// Makes a park folder in the directory `parent` (at `parent_path`), locked. `in_cache` says
    /// whether that directory is the cache root.
    pub fn create(parent: Arc<Dir>, parent_path: &Path, in_cache: bool) -> Result<Park> {
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
        let name = handle::name(&text).ok_or_else(|| Error::OutsideRoot(path.clone()))?;
        parent.make_dir_at(&name).map_err(|e| Error::io(&path, e))?;
        let fd = parent.open_at(&name).map_err(|e| Error::io(&path, e))?;
        // A run recovering dead folders might have taken it between mkdir and here: then the
        // lock is theirs, or the folder is already unlinked. Either way it is not ours to use.
        let lock = fd
            .try_lock()
            .ok()
            .filter(|_| fd.is_linked())
            .ok_or_else(|| {
                Error::io(
                    &path,
                    std::io::Error::other("another uvcache run took this park folder"),
                )
            })?;
        Ok(Park {
            fd: Arc::new(fd),
            lock,
            parent,
            name,
            in_cache,
            next: AtomicUsize::new(0),
        })
    }

    /// A fresh name for the next tree parked here.
    pub fn next_name(&self) -> NameBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        handle::name(&n.to_string()).unwrap_or_default()
    }

    /// Removes the (emptied) folder. What is still in it stays for a later run's recovery.
    pub fn remove(&self) {
        self.lock.release(&self.fd);
        let _ = self.parent.remove_dir_at(&self.name);
    }
}

/// The `.tmp-uvcache-*` folders in `dir` whose owner is gone: no run holds a lock on the folder
/// itself or on an `.owner` file in it. Each comes back opened and locked by this run, so no
/// other run recovers it at the same time; the descriptor keeps the lock until dropped.
pub fn abandoned(dir_fd: &Arc<Dir>, dir: &Path) -> Result<Vec<(NameBuf, FolderLock)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(TRASH_PREFIX)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let name = handle::name_os(&name).ok_or_else(|| Error::OutsideRoot(entry.path()))?;
        let Ok(fd) = dir_fd.open_at(&name) else {
            continue;
        };
        // Refused while a live run holds the folder (a park folder) or its `.owner` (a pull
        // stage).
        let Ok(lock) = fd.try_lock() else {
            continue;
        };
        found.push((name, lock));
    }
    Ok(found)
}
