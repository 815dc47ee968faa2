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

use std::io::ErrorKind;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cache::layout::TRASH_PREFIX;
use crate::error::{Error, Result};
use crate::os::dir::children;
use crate::os::handle::{self, Dir, FolderLock, Name, NameBuf};
use crate::removal::counted::Removal;
use crate::removal::remover::{Remover, gone, io_err};

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

/// Directory trees parked by [`Remover::park_all`], not yet deleted, and the park folders that
/// hold them (locked until the trees are gone).
#[must_use = "parked trees stay on disk until delete_trash (or the next run's recover)"]
#[derive(Default)]
pub struct Trash {
    pub(super) trees: Vec<(Arc<Dir>, NameBuf)>,
    pub(super) parks: Vec<Arc<Park>>,
    in_sight: bool,
}

impl Trash {
    /// Whether nothing was parked.
    pub fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }

    /// Whether uv can see some of the trees (parked at the cache root, or deleted in place on
    /// a file system mounted below it): then they are deleted under uv's lock, held shared.
    pub fn in_sight(&self) -> bool {
        self.in_sight
    }
}

/// Where one directory went: the folder it is in now and its name there.
struct Parked {
    dir: Arc<Dir>,
    name: NameBuf,
    /// Whether uv can still see it.
    in_sight: bool,
}

impl Parked {
    fn in_park(park: &Park, name: NameBuf) -> Parked {
        Parked {
            dir: park.fd.clone(),
            name,
            in_sight: park.in_cache,
        }
    }
}

impl Remover {
    /// A park folder in the store, if the store is (or can be made) a directory on the root's
    /// file system.
    fn store_park(&self) -> Option<Park> {
        let store = self.store.as_deref()?;
        std::fs::create_dir_all(store).ok()?;
        let fd = Dir::open(store).ok()?;
        let same_device = match (fd.stat(), self.root_fd.stat()) {
            (Ok(a), Ok(b)) => a.dev == b.dev,
            _ => false,
        };
        if !same_device {
            return None;
        }
        Park::create(Arc::new(fd), store, false).ok()
    }

    /// Renames the directory `name` in `parent_fd` into a park folder: the store's if it can,
    /// else one at the root. Returns where it went, `None` if it was already gone.
    fn park_dir(
        &self,
        parent_fd: &Arc<Dir>,
        name: &Name,
        rel: &str,
        out_of_sight: &mut Option<Option<Arc<Park>>>,
        at_root: &mut Option<Arc<Park>>,
    ) -> Result<Option<Parked>> {
        let path = || self.root.join(rel);
        if let Some(park) = out_of_sight
            .get_or_insert_with(|| self.store_park().map(Arc::new))
            .clone()
        {
            let parked = park.next_name();
            match parent_fd.rename_at(name, &park.fd, &parked) {
                Ok(()) => return Ok(Some(Parked::in_park(&park, parked))),
                Err(e) if gone(&e) => return Ok(None),
                // A bind mount or another file system: park at the root from now on.
                Err(e) if e.kind() == ErrorKind::CrossesDevices => {
                    park.remove();
                    *out_of_sight = Some(None);
                }
                Err(e) => return Err(io_err(&path(), e)),
            }
        }
        let park = match at_root {
            Some(park) => park.clone(),
            None => at_root
                .insert(Arc::new(Park::create(
                    self.root_fd.clone(),
                    &self.root,
                    true,
                )?))
                .clone(),
        };
        let parked = park.next_name();
        match parent_fd.rename_at(name, &park.fd, &parked) {
            Ok(()) => Ok(Some(Parked::in_park(&park, parked))),
            // Another file system below the root (a mount): delete in place.
            Err(e) if e.kind() == ErrorKind::CrossesDevices => Ok(Some(Parked {
                dir: parent_fd.clone(),
                name: name.to_owned(),
                in_sight: true,
            })),
            Err(e) if gone(&e) => Ok(None),
            Err(e) => Err(io_err(&path(), e)),
        }
    }

    /// The first half of [`Remover::remove_all`], in `items`' order: unlinks files and
    /// symlinks, and renames directories to trash names at the root, out of uv's view (a few
    /// system calls per item, whatever an item holds). Returns what was unlinked and the
    /// parked trees, which [`Remover::delete_trash`] deletes, no lock needed: nothing of uv's
    /// points into them any more. A run killed in between leaves trash that
    /// [`Remover::recover`] (or uv's own prune) removes.
    pub fn park_all(&self, items: &[String]) -> Result<(Removal, Trash)> {
        let mut removal = Removal::default();
        let mut trash = Trash::default();
        let (mut out_of_sight, mut at_root) = (None, None);
        for rel in items {
            let (parent, name) = self.split(rel)?;
            let parent_fd = match self.open_beneath(&parent) {
                Ok(fd) => fd,
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                    continue;
                }
                Err(e) => return Err(e),
            };
            let stat = match parent_fd.stat_at(&name) {
                Ok(stat) => stat,
                Err(e) if gone(&e) => continue,
                Err(e) => return Err(io_err(&self.root.join(rel), e)),
            };
            if stat.is_dir() {
                let parked =
                    self.park_dir(&parent_fd, &name, rel, &mut out_of_sight, &mut at_root)?;
                if let Some(parked) = parked {
                    trash.in_sight |= parked.in_sight;
                    trash.trees.push((parked.dir, parked.name));
                }
            } else {
                removal += self.unlink_file(&parent_fd, &name, &self.root.join(rel))?;
            }
        }
        trash.parks = [out_of_sight.flatten(), at_root]
            .into_iter()
            .flatten()
            .collect();
        Ok((removal, trash))
    }

    /// Removes what runs that died left parked at the root (under uv's lock; the store's folders
    /// are [`Remover::recover_store`]'s, done once before): the folders whose owner no longer
    /// holds their lock (a live run's, or a live pull's stage, stay). They were already gone from
    /// their places, so they are not counted.
    pub fn recover(&self) -> Result<()> {
        self.recover_in(&self.root_fd, &self.root)
    }

    /// The same for the store's park folders: needs no lock on the cache (the folders are
    /// owned through their own locks), so it also runs for a cache a killed `clean` emptied.
    pub fn recover_store(&self) -> Result<()> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        match Dir::open(store) {
            Ok(fd) => self.recover_in(&Arc::new(fd), store),
            Err(_) => Ok(()),
        }
    }

    fn recover_in(&self, fd: &Arc<Dir>, path: &Path) -> Result<()> {
        // Each folder's lock is held while its contents go, then let go (on Windows it is a
        // locked `.owner` inside, which cannot go while open), then the folder goes.
        for (name, lock) in abandoned(fd, path)? {
            let folder_path = path.join(handle::name_path(&name));
            let Ok(folder) = fd.open_at(&name).map(Arc::new) else {
                continue;
            };
            let (dirs, files) = children(&folder).map_err(|e| io_err(&folder_path, e))?;
            for file in files.iter().filter(|f| handle::lossy(f) != ".owner") {
                self.unlink_file(&folder, file, &folder_path)?;
            }
            let trees = dirs.into_iter().map(|d| (folder.clone(), d)).collect();
            self.delete_trees(trees, &crate::progress::Silent)?;
            lock.release(&folder);
            if let Some(owner) = handle::name(".owner") {
                let _ = folder.unlink_at(&owner); // a pull stage's, on Unix
            }
            match fd.remove_dir_at(&name) {
                Err(e) if !gone(&e) => return Err(io_err(&folder_path, e)),
                _ => {}
            }
        }
        Ok(())
    }
}
