//! Deleting parked trees in parallel, without following a symlink: each directory is read
//! once, its files unlinked, its subdirectories handed to other workers, and removed itself when
//! its last subdirectory is gone.

use std::mem::MaybeUninit;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::os::handle::{self, Dir, Name, NameBuf};
use crate::pool;
use crate::progress::Progress;
use crate::removal::counted::Removal;
use crate::removal::park::Trash;
use crate::removal::remover::{Remover, gone, io_err};

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

impl Remover {
    /// Removes every path in `items` (root-relative files, symlinks or directories). Missing
    /// paths are skipped. Directories are parked under a trash name first, then deleted in
    /// parallel; files and symlinks are unlinked where they are.
    pub fn remove_all(&self, items: &[String]) -> Result<Removal> {
        let (mut removal, trash) = self.park_all(items)?;
        removal += self.delete_trash(trash)?;
        Ok(removal)
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

    pub(super) fn unlink_file(&self, dir: &Dir, name: &Name, path: &Path) -> Result<Removal> {
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
    pub(super) fn delete_trees(
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
}
