//! The index's files in uvcache's store, told apart by the cache root they describe: what
//! `prune --store` may remove, and what it never removes.
//!
//! A cache's set is `<dev>-<ino>.{idx,sum,ls,history,root}` in `index-v0`, named by the root's
//! device and inode. `.root` records the root's path when the index is written, so that a set
//! whose cache is gone (no such path, or another directory there) can be named and removed.
//! Kept always: the sets of caches that exist, sets without a `.root` (written before it
//! existed: their cache cannot be told), and every history. Removed: the other files of sets
//! whose cache is gone, and temporary files (`.tmp*`) of writes that died, once older than
//! [`DEAD_AFTER`] (a live write takes seconds).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cache::entry::{Entry, EntryKind, Status};
use crate::cache::inventory::Inventory;

/// How old a temporary file must be to count as a dead write's.
pub const DEAD_AFTER: Duration = Duration::from_secs(3600);

const ROOT: &str = "root";
const HISTORY: &str = "history";

/// Something in the index's folder that `prune --store` removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// The files (names in the folder) of the set of a cache that is gone, history aside.
    GoneCache { files: Vec<String>, cache: PathBuf },
    /// A temporary file a write that died left.
    DeadTemporary(String),
}

/// Records that the set `<dev>-<ino>` in `dir` describes `root` (written only when it says
/// something else). Errors are for the caller to ignore: a set without it is only kept.
pub fn record_root(dir: &Path, root: &Path, (dev, ino): (u64, u64)) -> crate::error::Result<()> {
    let file = dir.join(format!("{dev:x}-{ino:x}.{ROOT}"));
    let text = root.as_os_str().as_encoded_bytes();
    if std::fs::read(&file).is_ok_and(|old| old == text) {
        return Ok(());
    }
    super::write_beside(&file, text)
}

/// What in `dir` (the store's `index-v0`) is stale at `now`.
pub fn stale(dir: &Path, now: SystemTime) -> Vec<Stale> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<(String, std::fs::Metadata)> = listing
        .flatten()
        .filter_map(|e| Some((e.file_name().into_string().ok()?, e.metadata().ok()?)))
        .filter(|(_, meta)| meta.is_file())
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let mut found: Vec<Stale> = names
        .iter()
        .filter(|(name, meta)| name.starts_with(".tmp") && dead(meta, now))
        .map(|(name, _)| Stale::DeadTemporary(name.clone()))
        .collect();
    for (name, _) in names
        .iter()
        .filter(|(n, _)| n.ends_with(&format!(".{ROOT}")))
    {
        let Some(set) = name.strip_suffix(&format!(".{ROOT}")) else {
            continue;
        };
        let Some(cache) = recorded(&dir.join(name)).filter(|c| is_gone(c, set)) else {
            continue;
        };
        let files = names
            .iter()
            .map(|(n, _)| n)
            .filter(|n| {
                n.split_once('.')
                    .is_some_and(|(stem, ext)| stem == set && ext != HISTORY)
            })
            .cloned()
            .collect();
        found.push(Stale::GoneCache { files, cache });
    }
    found
}

/// `ls --store`: the store's `index-v0` entry of `inventory` (the store's own) told apart, one
/// entry of kind `index_set` per cache, its `references` the cache's path when recorded, its
/// status `dangling` once that cache is gone.
pub fn expand(inventory: &mut Inventory) {
    let folder = crate::cache::layout::INDEX_FOLDER;
    let Some(at) = inventory
        .entries
        .iter()
        .position(|e| e.path == folder && e.kind == EntryKind::StoreRecords)
    else {
        return;
    };
    let template = inventory.entries.remove(at);
    let dir = inventory.root.join(folder);
    let mut sets: BTreeMap<String, Entry> = BTreeMap::new();
    for file in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        let (Some((stem, _)), Ok(meta)) =
            (name.split_once('.'), crate::os::handle::lstat(&file.path()))
        else {
            continue;
        };
        if stem.is_empty() {
            continue; // a temporary file
        }
        let entry = sets.entry(stem.to_string()).or_insert_with(|| Entry {
            path: format!("{folder}/{stem}"),
            kind: EntryKind::IndexSet,
            disk: 0,
            apparent: 0,
            files: 0,
            modified: None,
            references: Vec::new(),
            status: Status::Live,
            ..template.clone()
        });
        entry.disk += meta.blocks;
        entry.apparent += meta.size;
        entry.files += 1;
        let modified = std::time::UNIX_EPOCH
            + std::time::Duration::new(meta.mtime.0.max(0) as u64, meta.mtime.1);
        entry.modified = entry.modified.max(Some(modified));
    }
    for (stem, entry) in &mut sets {
        // A history alone is what `prune --store` keeps of a cache that is gone.
        if !dir.join(format!("{stem}.idx")).exists() {
            entry.status = Status::Dangling;
        }
        let Some(cache) = recorded(&dir.join(format!("{stem}.{ROOT}"))) else {
            continue;
        };
        if is_gone(&cache, stem) {
            entry.status = Status::Dangling;
        }
        entry.references = vec![cache.to_string_lossy().into_owned()];
    }
    let at = inventory
        .entries
        .partition_point(|e| e.path.as_str() < folder);
    inventory.entries.splice(at..at, sets.into_values());
}

/// The cache path a `.root` file records. A path that is not UTF-8 cannot be read back
/// portably: such a set's cache cannot be told (and the set is kept).
fn recorded(record: &Path) -> Option<PathBuf> {
    String::from_utf8(std::fs::read(record).ok()?)
        .ok()
        .map(PathBuf::from)
}

/// Whether the cache at `cache` that the set `<dev>-<ino>` described is gone: nothing is there
/// any more, or another directory (another device and inode) is. Cannot tell (no permission,
/// a disk error): not gone.
fn is_gone(cache: &Path, set: &str) -> bool {
    match crate::os::handle::lstat(cache) {
        Ok(meta) => !meta.is_dir() || format!("{:x}-{:x}", meta.dev, meta.ino) != set,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

fn dead(meta: &std::fs::Metadata, now: SystemTime) -> bool {
    meta.modified()
        .ok()
        .and_then(|t| now.duration_since(t).ok())
        .is_some_and(|age| age > DEAD_AFTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_of_gone_caches_and_dead_temporaries_are_stale_histories_and_live_sets_are_not() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index-v0");
        std::fs::create_dir_all(&dir).unwrap();
        let live = tmp.path().join("live");
        std::fs::create_dir(&live).unwrap();
        let meta = crate::os::handle::lstat(&live).unwrap();
        let live_set = format!("{:x}-{:x}", meta.dev, meta.ino);
        record_root(&dir, &live, (meta.dev, meta.ino)).unwrap();
        let gone = tmp.path().join("gone");
        record_root(&dir, &gone, (1, 2)).unwrap();
        for name in [
            format!("{live_set}.idx"),
            format!("{live_set}.history"),
            "1-2.idx".into(),
            "1-2.sum".into(),
            "1-2.history".into(),
            "3-4.idx".into(), // no `.root`: its cache cannot be told
            ".tmpfresh".into(),
            ".tmpold".into(),
        ] {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        let now = SystemTime::now() + DEAD_AFTER / 2;
        let old = SystemTime::now() - DEAD_AFTER;
        std::fs::File::options()
            .write(true)
            .open(dir.join(".tmpold"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(
            stale(&dir, now),
            vec![
                Stale::DeadTemporary(".tmpold".into()),
                Stale::GoneCache {
                    files: vec!["1-2.idx".into(), "1-2.root".into(), "1-2.sum".into()],
                    cache: gone.clone(),
                },
            ]
        );
        // A record written again with the same path is left as it is.
        record_root(&dir, &live, (meta.dev, meta.ino)).unwrap();
        // Another directory at the recorded path is another cache: the old set is stale.
        std::fs::create_dir(&gone).unwrap();
        let gone_sets = stale(&dir, now)
            .into_iter()
            .filter(|s| matches!(s, Stale::GoneCache { .. }))
            .count();
        assert_eq!(gone_sets, 1);
    }
}
