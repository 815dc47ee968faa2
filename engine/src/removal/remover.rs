//! Deleting inside a cache root: fd-relative, never following a symlink, never leaving the
//! root, in parallel across directories, with uv's accounting.
//!
//! Accounting follows uv's "Removed N files (X)" (0.12.6 and later): every non-directory counts as a file
//! (symlinks included); bytes are the allocated blocks of a file **if it has one link at the
//! moment it is removed**, so a file hardlinked into a venv frees nothing and a pair of links
//! inside the removed set is counted once, by its last link. Directories are counted apart.
//! Releases before 0.12.6 reported the apparent size of every file and symlink instead; both
//! are counted ([`Removal::apparent`]) and the target release's rule picks one.
//!
//! A directory is first renamed into the run's park folder (one atomic step: it is gone from
//! its place at once; [`crate::removal::park`] says where that folder is) and deleted from
//! there, so an interrupted run never leaves a half-deleted entry where uv looks. Leftovers of
//! an interrupted run are removed by [`Remover::recover`]; uv's own clean and prune remove root
//! `.tmp*` directories too.

use std::io::ErrorKind;
use std::mem::MaybeUninit;
use std::ops::AddAssign;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::os::handle::{self, Dir, Name, NameBuf};
use crate::os::meta::{Kind, Meta, REMOVAL_COUNTS_PHYSICAL};
use crate::pool;
use crate::progress::Progress;
pub use crate::removal::park::TRASH_PREFIX;
use crate::removal::park::{Park, abandoned};

/// What a removal deleted; adds up with `+=`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    /// Files and symlinks removed.
    pub files: u64,
    /// Directories removed.
    pub dirs: u64,
    /// The bytes uv reports: allocated bytes of removed files that had a single link (uv
    /// 0.12.6 and later); [`crate::removal::run`] puts `apparent` here for older targets.
    pub bytes: u64,
    /// Apparent size (`st_size`) of every file and symlink removed (uv before 0.12.6).
    pub apparent: u64,
}

impl AddAssign for Removal {
    fn add_assign(&mut self, other: Removal) {
        self.files += other.files;
        self.dirs += other.dirs;
        self.bytes += other.bytes;
        self.apparent += other.apparent;
    }
}

impl std::iter::Sum for Removal {
    fn sum<I: Iterator<Item = Removal>>(iter: I) -> Removal {
        iter.fold(Removal::default(), |mut total, r| {
            total += r;
            total
        })
    }
}

impl Removal {
    /// What removing one file or symlink counts: its apparent size, and its blocks only when
    /// it has a single link (removing one of several names frees nothing).
    fn of_file(stat: &Meta) -> Removal {
        Removal {
            files: 1,
            dirs: 0,
            bytes: if stat.nlink == 1 || !REMOVAL_COUNTS_PHYSICAL {
                stat.blocks
            } else {
                0
            },
            apparent: stat.size,
        }
    }

    /// uv's summary line: "Removed 31 files (308.0KiB)", "Removed 1 directory (0B)", or
    /// `nothing` ("No cache entries found" for clean, "No unused entries found" for prune).
    pub fn summary(&self, nothing: &str) -> String {
        let size = human_bytes(self.bytes);
        match (self.files, self.dirs) {
            (0, 0) => nothing.to_string(),
            (0, 1) => format!("Removed 1 directory ({size})"),
            (0, n) => format!("Removed {n} directories ({size})"),
            (1, _) => format!("Removed 1 file ({size})"),
            (n, _) => format!("Removed {n} files ({size})"),
        }
    }
}

/// Bytes as uv prints them: IEC units with one decimal, plain bytes below 1024.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes}B")
    } else {
        format!("{value:.1}{}", UNITS[unit])
    }
}

/// A directory being deleted: removed itself once its last child directory is gone.
struct Node {
    parent_fd: Arc<Dir>,
    name: NameBuf,
    parent: Option<Arc<Node>>,
    /// Child directories not yet removed, plus one while the node's own files are being removed.
    pending: AtomicUsize,
}

#[derive(Default)]
struct Local {
    removal: Removal,
    errors: Vec<(PathBuf, String)>,
    buf: Vec<MaybeUninit<u8>>,
}

/// Directory trees parked by [`Remover::park_all`], not yet deleted, and the park folders that
/// hold them (locked until the trees are gone).
#[must_use = "parked trees stay on disk until delete_trash (or the next run's recover)"]
#[derive(Default)]
pub struct Trash {
    trees: Vec<(Arc<Dir>, NameBuf)>,
    parks: Vec<Arc<Park>>,
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

/// Deletes paths inside one cache root.
pub struct Remover {
    root: PathBuf,
    root_fd: Arc<Dir>,
    threads: usize,
    /// uvcache's store: where trees are parked out of uv's sight, if it shares the root's file
    /// system.
    store: Option<PathBuf>,
}

fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::io(path, e)
}

fn gone(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::NotFound
}

impl Remover {
    /// Opens the root (which must be a real directory, not a symlink to one).
    pub fn new(root: &Path, threads: usize) -> Result<Remover> {
        let fd = Dir::open(root).map_err(|e| io_err(root, e))?;
        Ok(Remover {
            root: root.to_path_buf(),
            root_fd: Arc::new(fd),
            threads: threads.max(1),
            store: None,
        })
    }

    /// Parks trees in `store` (uvcache's store) rather than at the cache root, where it can:
    /// out of uv's sight. `None` (or a store on another file system) parks at the root.
    pub fn parking_in(mut self, store: Option<&Path>) -> Remover {
        self.store = store.filter(|s| *s != self.root).map(Path::to_path_buf);
        self
    }

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

    /// Opens the directory `rel` below the root, refusing symlinks at every step.
    fn open_beneath(&self, rel: &Path) -> Result<Arc<Dir>> {
        let mut fd = self.root_fd.clone();
        for part in rel.components() {
            let std::path::Component::Normal(name) = part else {
                return Err(Error::OutsideRoot(self.root.join(rel)));
            };
            let name =
                handle::name_os(name).ok_or_else(|| Error::OutsideRoot(self.root.join(rel)))?;
            let next = fd.open_at(&name).map_err(|e| {
                if handle::is_link_in_the_way(&e) {
                    Error::OutsideRoot(self.root.join(rel))
                } else {
                    io_err(&self.root.join(rel), e)
                }
            })?;
            fd = Arc::new(next);
        }
        Ok(fd)
    }

    /// Splits a root-relative path into its parent directory and final name, refusing the root
    /// itself, `.lock`, and anything with `..`.
    fn split(&self, rel: &str) -> Result<(PathBuf, NameBuf)> {
        let path = Path::new(rel);
        let name = path
            .file_name()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Error::OutsideRoot(self.root.join(rel)))?;
        if rel == crate::cache::lock::LOCK_FILE
            || path
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::OutsideRoot(self.root.join(rel)));
        }
        let name = handle::name_os(name).ok_or_else(|| Error::OutsideRoot(self.root.join(rel)))?;
        Ok((
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            name,
        ))
    }

    /// Removes every path in `items` (root-relative files, symlinks or directories). Missing
    /// paths are skipped. Directories are parked under a trash name first, then deleted in
    /// parallel; files and symlinks are unlinked where they are.
    pub fn remove_all(&self, items: &[String]) -> Result<Removal> {
        let (mut removal, trash) = self.park_all(items)?;
        removal += self.delete_trash(trash)?;
        Ok(removal)
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

    /// Deletes parked trees in parallel; the second half of [`Remover::remove_all`].
    pub fn delete_trash(&self, trash: Trash) -> Result<Removal> {
        self.delete_trash_with(trash, &crate::progress::Silent)
    }

    /// [`Remover::delete_trash`], telling `progress` what each directory's deletion removed.
    pub fn delete_trash_with(&self, trash: Trash, progress: &dyn Progress) -> Result<Removal> {
        let removal = self.delete_trees(trash.trees, progress)?;
        for park in trash.parks {
            park.remove();
        }
        Ok(removal)
    }

    /// What deleting the parked trees will remove, counted in parallel without deleting: the
    /// total of a progress bar. Only asked for when one is drawn (it costs a walk).
    pub fn count_trash(&self, trash: &Trash) -> Removal {
        let (locals, _) = pool::run(
            trash.trees.clone(),
            self.threads,
            &|| false,
            |(parent, name): (Arc<Dir>, NameBuf), local: &mut Local, pushed| {
                let Ok(fd) = parent.open_at(&name) else {
                    return;
                };
                let fd = Arc::new(fd);
                local.removal.dirs += 1;
                // One getdents buffer per worker, as for deleting.
                let mut buf = std::mem::take(&mut local.buf);
                if buf.is_empty() {
                    buf = crate::os::dir::buffer();
                }
                let mut dir = crate::os::dir::Reader::new(&fd, &mut buf);
                while let Some(Ok(item)) = dir.next() {
                    let child = item.file_name();
                    if handle::is_dot(child) {
                        continue;
                    }
                    let Ok(stat) = fd.stat_at(child) else {
                        continue;
                    };
                    if stat.is_dir() {
                        pushed.push((fd.clone(), child.to_owned()));
                    } else {
                        local.removal += Removal::of_file(&stat);
                    }
                }
                local.buf = buf;
            },
        );
        locals.into_iter().map(|l| l.removal).sum()
    }

    fn unlink_file(&self, dir: &Dir, name: &Name, path: &Path) -> Result<Removal> {
        let stat = match dir.stat_at(name) {
            Ok(stat) => stat,
            Err(e) if gone(&e) => return Ok(Removal::default()),
            Err(e) => return Err(io_err(path, e)),
        };
        match dir.unlink_at(name) {
            Ok(()) => {}
            Err(e) if gone(&e) => {}
            Err(e) => return Err(io_err(path, e)),
        }
        Ok(Removal::of_file(&stat))
    }

    /// Deletes directory trees (each given as parent descriptor and name) in parallel.
    fn delete_trees(
        &self,
        trees: Vec<(Arc<Dir>, NameBuf)>,
        progress: &dyn Progress,
    ) -> Result<Removal> {
        if trees.is_empty() {
            return Ok(Removal::default());
        }
        let jobs: Vec<Arc<Node>> = trees
            .into_iter()
            .map(|(parent_fd, name)| {
                Arc::new(Node {
                    parent_fd,
                    name,
                    parent: None,
                    pending: AtomicUsize::new(1),
                })
            })
            .collect();
        let errors = Mutex::new(Vec::new());
        let (locals, _) = pool::run(
            jobs,
            self.threads,
            &|| false,
            |node: Arc<Node>, local: &mut Local, pushed| {
                let before = (local.removal.files, local.removal.bytes);
                self.delete_dir(node, local, pushed);
                progress.removed(
                    local.removal.files - before.0,
                    local.removal.bytes - before.1,
                );
            },
        );
        let mut removal = Removal::default();
        let mut all_errors = errors.into_inner().unwrap_or_default();
        for local in locals {
            removal += local.removal;
            all_errors.extend(local.errors);
        }
        if let Some((path, message)) = all_errors.into_iter().next() {
            return Err(Error::io(path, std::io::Error::other(message)));
        }
        Ok(removal)
    }

    fn delete_dir(&self, node: Arc<Node>, local: &mut Local, pushed: &mut Vec<Arc<Node>>) {
        let path = || self.root.join(handle::name_path(&node.name));
        let fd = match node.parent_fd.open_at(&node.name) {
            Ok(fd) => Arc::new(fd),
            Err(e) if gone(&e) => return self.finish(node, local),
            Err(e) => {
                local.errors.push((path(), e.to_string()));
                return;
            }
        };
        let mut buf = std::mem::take(&mut local.buf);
        if buf.is_empty() {
            buf = crate::os::dir::buffer();
        }
        let mut subdirs = Vec::new();
        let mut dir = crate::os::dir::Reader::new(&fd, &mut buf);
        while let Some(item) = dir.next() {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    local.errors.push((path(), e.to_string()));
                    break;
                }
            };
            let name = item.file_name();
            if handle::is_dot(name) {
                continue;
            }
            let is_dir = crate::os::dir::is_dir(&fd, &item);
            if is_dir {
                subdirs.push(name.to_owned());
            } else {
                match self.unlink_file(&fd, name, &path()) {
                    Ok(r) => local.removal += r,
                    Err(e) => local.errors.push((path(), e.to_string())),
                }
            }
        }
        local.buf = buf;
        node.pending.fetch_add(subdirs.len(), Ordering::AcqRel);
        for name in subdirs {
            pushed.push(Arc::new(Node {
                parent_fd: fd.clone(),
                name,
                parent: Some(node.clone()),
                pending: AtomicUsize::new(1),
            }));
        }
        self.finish(node, local);
    }

    /// Drops one pending count of `node`; the last one removes the directory and walks up.
    fn finish(&self, node: Arc<Node>, local: &mut Local) {
        let mut current = Some(node);
        while let Some(node) = current {
            if node.pending.fetch_sub(1, Ordering::AcqRel) != 1 {
                return;
            }
            match node.parent_fd.remove_dir_at(&node.name) {
                Ok(()) => local.removal.dirs += 1,
                Err(e) if gone(&e) => {}
                Err(e) => local
                    .errors
                    .push((self.root.join(handle::name_path(&node.name)), e.to_string())),
            }
            current = node.parent.clone();
        }
    }

    /// Removes `.lock` and then the root directory itself, as `clean` of uv releases before
    /// 0.13.1 ends (the lock is released first). A root that is no longer empty (another
    /// process wrote into it meanwhile) stays.
    pub fn remove_lock_and_root(&self) -> Result<Removal> {
        let lock = handle::name(".lock").ok_or_else(|| Error::OutsideRoot(self.root.clone()))?;
        let mut removal = self.unlink_file(&self.root_fd, &lock, &self.root.join(".lock"))?;
        match std::fs::remove_dir(&self.root) {
            Ok(()) => removal.dirs += 1,
            Err(e) if e.kind() == std::io::ErrorKind::DirectoryNotEmpty => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&self.root, e)),
        }
        Ok(removal)
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

    /// Removes the files of `dir` (root-relative) that have a single link, then its empty
    /// subdirectories bottom-up, keeping `dir` itself: uv's garbage collection of `files-v0`.
    pub fn remove_unlinked_files(&self, dir: &str) -> Result<Removal> {
        let mut removal = Removal::default();
        let root_dir = self.root.join(dir);
        if !root_dir.is_dir() {
            return Ok(removal);
        }
        fn visit(remover: &Remover, rel: &Path, removal: &mut Removal) -> Result<bool> {
            let fd = remover.open_beneath(rel)?;
            let mut empty = true;
            let entries: Vec<_> = std::fs::read_dir(remover.root.join(rel))
                .map_err(|e| Error::io(remover.root.join(rel), e))?
                .collect();
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(remover.root.join(rel), e))?;
                let os_name = entry.file_name();
                let name =
                    handle::name_os(&os_name).ok_or_else(|| Error::OutsideRoot(entry.path()))?;
                let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
                if kind.is_dir() {
                    let child = rel.join(&os_name);
                    if visit(remover, &child, removal)? {
                        fd.remove_dir_at(&name)
                            .map_err(|e| io_err(&entry.path(), e))?;
                        removal.dirs += 1;
                    } else {
                        empty = false;
                    }
                } else {
                    let stat = fd.stat_at(&name).map_err(|e| io_err(&entry.path(), e))?;
                    if stat.kind == Kind::File && stat.nlink == 1 {
                        *removal += remover.unlink_file(&fd, &name, &entry.path())?;
                    } else {
                        empty = false;
                    }
                }
            }
            Ok(empty)
        }
        visit(self, Path::new(dir), &mut removal)?;
        Ok(removal)
    }

    /// What removing `items` would count, without removing anything (for `--dry-run`).
    pub fn measure(&self, items: &[String]) -> Result<Vec<Removal>> {
        items
            .iter()
            .map(|rel| measure_path(&self.root, rel))
            .collect()
    }
}

/// The names in the folder `dir`: its folders, and everything else.
fn children(dir: &Dir) -> std::io::Result<(Vec<NameBuf>, Vec<NameBuf>)> {
    let mut buf = crate::os::dir::buffer();
    let mut reader = crate::os::dir::Reader::new(dir, &mut buf);
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    while let Some(item) = reader.next() {
        let item = item?;
        let name = item.file_name();
        if handle::is_dot(name) {
            continue;
        }
        let is_dir = crate::os::dir::is_dir(dir, &item);
        if is_dir { &mut dirs } else { &mut files }.push(name.to_owned());
    }
    Ok((dirs, files))
}

/// Counts a path as [`Remover::remove_all`] would, by `lstat`ing its tree (no symlink followed).
fn measure_path(root: &Path, rel: &str) -> Result<Removal> {
    let mut removal = Removal::default();
    let mut stack = vec![root.join(rel)];
    while let Some(path) = stack.pop() {
        let meta = match handle::lstat(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&path, e)),
        };
        if meta.is_dir() {
            removal.dirs += 1;
            for entry in std::fs::read_dir(&path).map_err(|e| Error::io(&path, e))? {
                stack.push(entry.map_err(|e| Error::io(&path, e))?.path());
            }
        } else {
            removal += Removal::of_file(&meta);
        }
    }
    Ok(removal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_read_like_uv() {
        assert_eq!(
            Removal::default().summary("No cache entries found"),
            "No cache entries found"
        );
        assert_eq!(
            Removal {
                files: 0,
                dirs: 1,
                bytes: 0,
                apparent: 0,
            }
            .summary(""),
            "Removed 1 directory (0B)"
        );
        assert_eq!(
            Removal {
                files: 31,
                dirs: 9,
                bytes: 315392,
                apparent: 0,
            }
            .summary(""),
            "Removed 31 files (308.0KiB)"
        );
        assert_eq!(
            Removal {
                files: 1,
                dirs: 0,
                bytes: 4096,
                apparent: 0,
            }
            .summary(""),
            "Removed 1 file (4.0KiB)"
        );
        assert_eq!(human_bytes(75_602_739), "72.1MiB");
    }

    /// What `run` does under uv's lock and after releasing it: parking takes every item out
    /// of uv's view at once (directories renamed to trash names, files unlinked), and the
    /// deletion afterwards counts what uv's one-step deletion would.
    #[test]
    fn parking_takes_items_out_of_view_and_deleting_later_counts_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let make = |name: &str| {
            let root = tmp.path().join(name);
            std::fs::create_dir_all(root.join("archive-v0/A1/pkg/sub")).unwrap();
            std::fs::write(root.join("archive-v0/A1/pkg/sub/m.py"), vec![1u8; 9000]).unwrap();
            std::fs::write(root.join("archive-v0/A1/pkg/n.py"), b"x").unwrap();
            std::fs::create_dir_all(root.join("wheels-v8/pypi/pkg")).unwrap();
            std::fs::write(root.join("wheels-v8/pypi/pkg/1.0-py3-none-any.http"), b"p").unwrap();
            root
        };
        let items: Vec<String> = vec![
            "wheels-v8/pypi/pkg/1.0-py3-none-any.http".into(),
            "archive-v0/A1".into(),
        ];
        let one_step = Remover::new(&make("one"), 2)
            .unwrap()
            .remove_all(&items)
            .unwrap();
        let root = make("two");
        let remover = Remover::new(&root, 2).unwrap();
        let (unlinked, trash) = remover.park_all(&items).unwrap();
        assert!(!trash.is_empty());
        assert!(!root.join("archive-v0/A1").exists(), "out of uv's view");
        assert!(
            !root
                .join("wheels-v8/pypi/pkg/1.0-py3-none-any.http")
                .exists()
        );
        let parked: Vec<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TRASH_PREFIX))
            .collect();
        assert_eq!(parked.len(), 1, "the archive waits at the root: {parked:?}");
        let mut two_steps = unlinked;
        two_steps += remover.delete_trash(trash).unwrap();
        assert_eq!(two_steps, one_step);
        assert_eq!((two_steps.files, two_steps.dirs), (3, 3));
        assert!(!root.join(&parked[0]).exists());
    }

    #[test]
    fn removes_trees_without_following_links_and_refuses_escapes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("cache");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep"), b"precious").unwrap();
        std::fs::write(root.join("a/b/c/f"), vec![0u8; 10_000]).unwrap();
        std::fs::hard_link(root.join("a/b/c/f"), root.join("a/f2")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("a/b/out")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
        use std::os::unix::fs::MetadataExt;
        let allocated = std::fs::metadata(root.join("a/f2")).unwrap().blocks() * 512;
        assert!(allocated > 0);
        let remover = Remover::new(&root, 2).unwrap();
        let measured = remover.measure(&["a".into()]).unwrap()[0];
        assert_eq!((measured.files, measured.dirs), (3, 3));
        // Through a symlinked directory: refused.
        assert!(matches!(
            remover.remove_all(&["link/keep".into()]),
            Err(Error::OutsideRoot(_))
        ));
        assert!(matches!(
            remover.remove_all(&["../outside".into()]),
            Err(Error::OutsideRoot(_))
        ));
        assert!(matches!(
            remover.remove_all(&[".lock".into()]),
            Err(Error::OutsideRoot(_))
        ));
        let removal = remover.remove_all(&["a".into(), "missing".into()]).unwrap();
        assert_eq!((removal.files, removal.dirs), (3, 3));
        // The hardlinked pair counts once, by its last link.
        assert_eq!(removal.bytes, allocated);
        assert!(outside.join("keep").exists());
        assert!(!root.join("a").exists());
        assert!(std::fs::read_dir(&root).unwrap().all(|e| {
            !e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(TRASH_PREFIX)
        }));
    }
}
