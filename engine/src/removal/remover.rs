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
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::os::handle::{self, Dir, NameBuf};
pub use crate::removal::counted::Removal;
use crate::removal::counted::measure_path;

/// Deletes paths inside one cache root.
pub struct Remover {
    pub(super) root: PathBuf,
    pub(super) root_fd: Arc<Dir>,
    pub(super) threads: usize,
    /// uvcache's store: where trees are parked out of uv's sight, if it shares the root's file
    /// system.
    pub(super) store: Option<PathBuf>,
}

pub(super) fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::io(path, e)
}

pub(super) fn gone(e: &std::io::Error) -> bool {
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

    /// Opens the directory `rel` below the root, refusing symlinks at every step.
    pub(super) fn open_beneath(&self, rel: &Path) -> Result<Arc<Dir>> {
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
    pub(super) fn split(&self, rel: &str) -> Result<(PathBuf, NameBuf)> {
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

    /// What removing `items` would count, without removing anything (for `--dry-run`).
    pub fn measure(&self, items: &[String]) -> Result<Vec<Removal>> {
        items
            .iter()
            .map(|rel| measure_path(&self.root, rel))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::removal::TRASH_PREFIX;

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
