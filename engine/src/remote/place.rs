//! The cache side of a pull: the staging folder downloads go to, and placing a staged entry
//! into the cache under uv's lock, in the shapes the layout gives, never through a link, never
//! over what the cache has; or undoing a folder the pull created and placed nothing in.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cache::layout::TRASH_PREFIX;
use crate::cache::layout::{self, Bucket};
use crate::cache::lock::{self, LockMode};
use crate::error::{EntryRefused, Error, Result};
use crate::remote::manifest::Manifest;

/// Removes a cache folder a pull created and placed nothing in: its scaffold and uv's lock
/// file, then the folder if that left it empty (anything another process put there stays).
pub(super) fn unmake(root: &Path) {
    for name in ["CACHEDIR.TAG", ".gitignore", lock::LOCK_FILE] {
        let _ = std::fs::remove_file(root.join(name));
    }
    let _ = std::fs::remove_dir(root);
}

/// The staging folder; removed when dropped (after the lock is released). Its owner holds
/// `.owner` in it locked for its lifetime, so that a later pull can tell the folder of a pull
/// that was killed (the kernel released its lock) from one still downloading.
pub(super) struct Stage {
    pub(super) path: PathBuf,
    _owner: lock::CacheLock,
}

/// The prefix of staging folders at the cache root.
fn stage_prefix() -> String {
    format!("{TRASH_PREFIX}pull-")
}

impl Stage {
    pub(super) fn new(root: &Path) -> Result<Stage> {
        let path = root.join(format!("{}{}", stage_prefix(), crate::store::new_id()));
        std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?;
        let owner = lock::acquire_file(
            &path.join(".owner"),
            LockMode::Exclusive,
            std::time::Duration::ZERO,
            false,
            &|| {},
        )?;
        Ok(Stage {
            path,
            _owner: owner,
        })
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Removes the staging folders of pulls that were killed: those whose `.owner` lock is free.
/// Nothing in them was ever visible to uv.
pub(super) fn remove_dead_stages(root: &Path, ours: &Path) {
    let Ok(children) = std::fs::read_dir(root) else {
        return;
    };
    for child in children.flatten() {
        let path = child.path();
        let name = child.file_name();
        if path == ours || !name.to_string_lossy().starts_with(&stage_prefix()) {
            continue;
        }
        let owner = path.join(".owner");
        let free = lock::acquire_file(
            &owner,
            LockMode::Exclusive,
            std::time::Duration::ZERO,
            false,
            &|| {},
        );
        if let Ok(lock) = free {
            let _ = std::fs::remove_dir_all(&path);
            drop(lock);
        }
    }
}

/// Whether the cache already has the entry, one of its pointer files, or one of its archives.
pub(super) fn present(root: &Path, manifest: &Manifest) -> bool {
    let exists = |rel: &str| std::fs::symlink_metadata(root.join(rel)).is_ok();
    exists(&manifest.entry)
        || manifest.archives.iter().any(|a| exists(a))
        || manifest
            .files
            .iter()
            .filter(|f| !f.path.starts_with(&format!("{}/", manifest.entry)))
            .filter(|f| {
                !manifest
                    .archives
                    .iter()
                    .any(|a| f.path.starts_with(&format!("{a}/")))
            })
            .any(|f| exists(&f.path))
}

/// Creates the entry's links in the stage, in the form the target release writes: relative
/// (`../../../../archive-v0/<id>`), or absolute to the final cache root for old releases.
pub(super) fn make_links(
    stage: &Path,
    manifest: &Manifest,
    root: &Path,
    absolute: bool,
) -> Result<()> {
    for file in &manifest.files {
        let Some(archive) = &file.link else { continue };
        let link = stage.join(&file.path);
        if let Some(dir) = link.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let target = if absolute {
            root.join(archive)
        } else {
            let depth = file.path.matches('/').count();
            PathBuf::from(format!("{}{archive}", "../".repeat(depth)))
        };
        crate::os::link::make_symlink(&target, &link, true).map_err(|e| Error::io(&link, e))?;
    }
    Ok(())
}

/// uv's scaffold, for a cache the pull creates: `CACHEDIR.TAG`, `.gitignore`, and the sdists
/// bucket's markers (never rewritten when present).
pub(super) fn scaffold(root: &Path) -> Result<()> {
    crate::store::create_new(&root.join("CACHEDIR.TAG"), layout::CACHEDIR_TAG)?;
    crate::store::create_new(&root.join(".gitignore"), b"*")
}

/// Renames a staged entry into the cache: archives, then the entry, pointer files last. A
/// failure puts back what was moved, so the cache never holds half an entry.
pub(super) fn place(stage: &Path, root: &Path, manifest: &Manifest) -> Result<()> {
    let mut steps: Vec<String> = manifest.archives.clone();
    let mut pointers = Vec::new();
    let mut seen = HashSet::new();
    for file in &manifest.files {
        if manifest
            .archives
            .iter()
            .any(|a| file.path.starts_with(&format!("{a}/")))
        {
            continue;
        }
        if file.path == manifest.entry || file.path.starts_with(&format!("{}/", manifest.entry)) {
            if seen.insert(manifest.entry.clone()) {
                steps.push(manifest.entry.clone());
            }
        } else {
            pointers.push(file.path.clone());
        }
    }
    // Lock files first, then the pointers (`.http`, `.msgpack`) that make uv see a hit.
    pointers.sort_by_key(|p| !p.ends_with(".lock"));
    steps.extend(pointers);
    let mut done: Vec<&String> = Vec::new();
    for step in &steps {
        let from = stage.join(step);
        let to = root.join(step);
        let moved = real_folders(root, step).and_then(|()| rename_new(&from, &to));
        if let Err(e) = moved {
            for back in done.iter().rev() {
                let _ = rename_new(&root.join(back), &stage.join(back));
            }
            return Err(e);
        }
        done.push(step);
    }
    Ok(())
}

/// Makes sure every folder from the cache root down to `step`'s parent is a real folder,
/// creating those that are missing (a bucket the pull creates gets uv's markers): a step is
/// never placed through a link, which would write wherever the link points.
fn real_folders(root: &Path, step: &str) -> Result<()> {
    let mut dir = root.to_path_buf();
    let parents: Vec<&str> = step.split('/').collect();
    for (depth, part) in parents[..parents.len().saturating_sub(1)]
        .iter()
        .enumerate()
    {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => {
                return Err(Error::StoreEntry {
                    entry: dir,
                    reason: EntryRefused::LinkInTheWay,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
                if depth == 0 {
                    sdists_markers(root, step)?;
                }
            }
            Err(e) => return Err(Error::io(&dir, e)),
        }
    }
    Ok(())
}

/// The markers uv puts in an sdists bucket it creates (empty `.gitignore`, empty `.git`).
fn sdists_markers(root: &Path, step: &str) -> Result<()> {
    let Some(bucket) = step.split('/').next() else {
        return Ok(());
    };
    if layout::parse_bucket_name(bucket).is_some_and(|(b, _)| b == Bucket::Sdists) {
        crate::store::create_new(&root.join(bucket).join(".gitignore"), b"")?;
        crate::store::create_new(&root.join(bucket).join(".git"), b"")?;
    }
    Ok(())
}

/// Renames without replacing: a path that exists by now is an error, never overwritten.
fn rename_new(from: &Path, to: &Path) -> Result<()> {
    crate::os::handle::rename_new(from, to).map_err(|e| Error::io(to, e))
}
