//! An index of a cache root, kept in uvcache's store, so that answers need no full walk, and
//! checked against the disk on every use, so that they stay true.
//!
//! The index holds what a walk learned ([`RawWalk`]): every entry's sums, every directory's
//! stamp (inode, size, modification and change times), the stamps of the files at each entry's
//! pointer level, and every file with several links. It records what is on disk; the target
//! release only changes how entries are judged, after. One file per cache root, named by the
//! root's device and inode, written whole (a temporary file, then a rename), so concurrent
//! uvcache processes never read half of one.
//!
//! Revalidation ([`revalidate`]), on every use:
//! - `statx` the directories the index recorded, not the files: a directory's times change
//!   when names in it change, which is how uv writes (a temporary name, then a rename);
//! - read again only the directories whose stamp changed, or that changed within
//!   [`RACY`] of the index's own scan (git's "racy" rule: such a time cannot prove that
//!   nothing changed after it); walk only what is new in them;
//! - trust an archive (or blob) whose own directory is unchanged: uv never changes one once
//!   renamed into place (each archive's own directory is stat'ed, one stat each);
//! - with [`Depth::Full`], also `statx` the files at each entry's pointer level, whose access
//!   times are the entries' last use.
//!
//! Beside the index, two files answer the commonest questions without decoding it, checked by
//! the same stamps: the [`summary`] (`size`) and the [`listing`] (`ls`, `envs`).
//!
//! What no stamp shows (uv never does it): a file edited in place (through a hard link from
//! an environment, or in the cache), and a file added, removed or edited below an archive's own
//! directory; `--exact` walks everything.

mod codec;
pub mod history;
pub mod listing;
pub mod reader;
mod revalidate;
pub mod sets;
pub mod summary;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::cache::inventory::Inventory;
use crate::cache::layout::BucketSet;
use crate::cache::sums::Accum;
use crate::cache::walk::{self, Claim, DirRecord, PointerRecord, RawWalk, WalkOptions};
use crate::error::{Error, Result};
use crate::scan::Scan;

pub use codec::{FORMAT, Refused};

/// Times this close to the index's scan (or after it) prove nothing (git's racy rule;
/// mlocate's updatedb waits 3 s too).
pub const RACY: Duration = Duration::from_secs(3);

/// How much revalidation checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Directories only: sizes, kinds, packages, links (`size`).
    Sizes,
    /// Directories and pointer-level files: last use too (`ls`, plans, `envs`).
    Full,
}

/// One cache root's records as read back ([`codec`] writes them straight from a walk).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The root's device and inode: the index's name.
    pub dev: u64,
    pub ino: u64,
    /// When the walk or revalidation that produced the records began.
    pub scanned_at: (i64, u32),
    /// The root directory's own blocks.
    pub root_disk: u64,
    /// Top-level items by the index the records' `top` fields use.
    pub tops: Vec<String>,
    /// Every entry, `disk` and `shared` without files of several links ([`RawWalk`]).
    pub entries: Vec<(Arc<str>, Accum)>,
    pub dirs: Vec<DirRecord>,
    pub pointers: Vec<PointerRecord>,
    pub claims: Vec<Claim>,
}

/// How to answer.
pub struct IndexOptions<'a> {
    /// The folder of index files (in uvcache's store, never in the cache).
    pub dir: &'a Path,
    pub scan: Scan<'a>,
    pub depth: Depth,
    /// Walk everything and rewrite the index.
    pub exact: bool,
    /// Entries to read again whatever their stamps say (`archive-v0/<id>`).
    pub force: &'a [String],
}

/// A walk's worth of answers, and how fresh they are.
#[derive(Debug)]
pub struct Answer {
    pub inventory: Inventory,
    /// When the records answered from were taken or last checked whole.
    pub indexed_at: SystemTime,
    /// Whether this answer comes from a full walk.
    pub exact: bool,
    /// What was wrong with the index or the store (the answer is right regardless).
    pub warnings: Vec<String>,
    /// The index file's size after this answer, if there is one.
    pub index_bytes: Option<u64>,
    /// Whether this answer wrote the index (a walk, or a revalidation that found changes): a
    /// point of the cache's history.
    pub written: bool,
    /// Directories and files stat'ed, and directories read again, to revalidate.
    pub checked: u64,
    pub reread: u64,
    /// The root's device and inode, and when the scan the records come from began.
    pub root_id: (u64, u64),
    pub scanned_at: (i64, u32),
    /// The directories a [`summary::Summary`] of this answer is checked by.
    pub dir_checks: Vec<(String, walk::Stamp)>,
}

/// Answers for the cache at `root`: from its index, revalidated, or from a full walk (no
/// index, a broken one, `exact`), writing the index when it changed.
pub(crate) fn answer(root: &Path, set: &BucketSet, options: &IndexOptions<'_>) -> Result<Answer> {
    let meta = crate::os::handle::lstat(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingCache(root.to_path_buf()),
        _ => Error::io(root, e),
    })?;
    let (dev, ino) = identity(&meta);
    let file = named(options.dir, dev, ino);
    let mut warnings = Vec::new();
    let started = now();
    let snapshot = if options.exact {
        None
    } else {
        read(&file, &mut warnings)
    };
    let walk_options = WalkOptions::recording(options.scan);
    if let Some(snapshot) = snapshot.filter(|s| (s.dev, s.ino) == (dev, ino)) {
        let snapshot_scanned_at = snapshot.scanned_at;
        if let Some(outcome) = revalidate::revalidate(
            root,
            set,
            snapshot,
            &walk_options,
            options.depth,
            options.force,
        )? {
            let written = outcome.changed && outcome.raw.issues.is_empty();
            let dir_checks = summary::dir_checks(&outcome.raw);
            let index = written.then_some((file.as_path(), (dev, ino), started));
            let (inventory, index_bytes) = conclude(root, outcome.raw, index, &mut warnings)?;
            // Unchanged: the index on disk is still the one that answered.
            let index_bytes = if written {
                index_bytes
            } else {
                std::fs::metadata(&file).ok().map(|m| m.len())
            };
            let scanned_at = if outcome.changed {
                started
            } else {
                snapshot_scanned_at
            };
            return Ok(Answer {
                inventory,
                indexed_at: time(scanned_at),
                root_id: (dev, ino),
                scanned_at,
                dir_checks,
                exact: false,
                warnings,
                written: written && index_bytes.is_some(),
                index_bytes,
                checked: outcome.checked,
                reread: outcome.reread,
            });
        }
    }
    let raw = walk::walk_root(root, set, &walk_options, &|_| true)?;
    let dir_checks = summary::dir_checks(&raw);
    // Something could not be read: no index is better than one with holes.
    let index = raw
        .issues
        .is_empty()
        .then_some((file.as_path(), (dev, ino), started));
    let (inventory, index_bytes) = conclude(root, raw, index, &mut warnings)?;
    Ok(Answer {
        inventory,
        indexed_at: time(started),
        root_id: (dev, ino),
        scanned_at: started,
        dir_checks,
        exact: true,
        warnings,
        written: index_bytes.is_some(),
        index_bytes,
        checked: 0,
        reread: 0,
    })
}

/// The index file of `root`, if there is one that can be trusted; why not, in `warnings`.
fn read(file: &Path, warnings: &mut Vec<String>) -> Option<Snapshot> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        // No index yet, or no store folder to hold one (writing says so).
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return None;
        }
        Err(e) => {
            warnings.push(format!(
                "cannot read the index `{}`: {e}; answered by a walk",
                file.display()
            ));
            return None;
        }
    };
    match codec::decode(&bytes) {
        Ok(snapshot) => Some(snapshot),
        Err(refused) => {
            warnings.push(format!(
                "the index `{}` is {refused}: rebuilt by a walk",
                file.display()
            ));
            None
        }
    }
}

/// Where an index is written: its file, the root's device and inode, and when the scan
/// began.
type IndexFile<'a> = (&'a Path, (u64, u64), (i64, u32));

/// The inventory of `raw`; and, with `index`, `raw` written as that index on a second thread,
/// the inventory built meanwhile from the sums the writer hands back once it has written them
/// (the write was a tenth of a first run; a copy of the sums instead cost 30 MB). The index's
/// size, or why not in `warnings`.
fn conclude(
    root: &Path,
    raw: RawWalk,
    index: Option<IndexFile<'_>>,
    warnings: &mut Vec<String>,
) -> Result<(Inventory, Option<u64>)> {
    let Some((file, id, scanned_at)) = index else {
        return Ok((Inventory::from_walk(root, raw.finish()), None));
    };
    let (hand_over, sums) = std::sync::mpsc::sync_channel(1);
    let (inventory, written) = std::thread::scope(|scope| {
        let writer = std::thread::Builder::new()
            .name("uvcache-index".into())
            .spawn_scoped(scope, move || {
                write(file, raw, id, scanned_at, &mut |walk| {
                    // The receiver waits until it has them.
                    let _ = hand_over.send(walk);
                })
            })
            .map_err(|e| Error::io(file, e))?;
        // Nothing comes only when the writer panicked first.
        let inventory = sums
            .recv()
            .map(|walk| Inventory::from_walk(root, walk.finish()));
        let written = writer.join().unwrap_or_else(|_| {
            Err(Error::io(
                file,
                std::io::Error::other("its writer panicked"),
            ))
        });
        let inventory = inventory.map_err(|_| {
            Error::io(
                file,
                std::io::Error::other("the index's writer lost the walk"),
            )
        })?;
        Ok::<_, Error>((inventory, written))
    })?;
    match written {
        Ok(bytes) => {
            // Without it the set is only kept longer by `prune --store` (sets.rs).
            if let Some(dir) = file.parent() {
                let _ = sets::record_root(dir, root, id);
            }
            Ok((inventory, Some(bytes)))
        }
        Err(why) => {
            warnings.push(format!("the index was not written: {why}"));
            Ok((inventory, None))
        }
    }
}

/// Writes the index of `raw` (the walk of the root `id` begun at `scanned_at`) to `file`
/// whole; its size, or why not. The walk without its records goes to `sums` in any case.
fn write(
    file: &Path,
    raw: RawWalk,
    id: (u64, u64),
    scanned_at: (i64, u32),
    sums: &mut dyn FnMut(RawWalk),
) -> Result<u64> {
    let mut raw = Some(raw);
    let written = write_whole(file, &mut |out| match raw.take() {
        Some(raw) => codec::encode_to(raw, id, scanned_at, out, sums),
        None => Err(std::io::Error::other("the records were already written")),
    })
    .and_then(|()| std::fs::metadata(file).map_err(|e| Error::io(file, e)))
    .map(|meta| meta.len());
    // Not even begun (no folder, no temporary file): the sums are still owed.
    if let Some(raw) = raw.take() {
        sums(raw);
    }
    written
}

pub(super) fn identity(meta: &crate::os::meta::Meta) -> (u64, u64) {
    (meta.dev, meta.ino)
}

fn now() -> (i64, u32) {
    seconds(SystemTime::now())
}

/// A time as the files keep it: seconds and nanoseconds since the epoch ([`time`] undoes it).
pub(super) fn seconds(t: SystemTime) -> (i64, u32) {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    (since.as_secs() as i64, since.subsec_nanos())
}

/// Writes a file of the index folder (the index, its summary, its listing) whole, as `fill`
/// writes it, the folder made if needed, without waiting for the disk (each is checked when
/// read and rebuilt when damaged).
fn write_whole(
    file: &Path,
    fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    file.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(|e| Error::io(file, e))?;
    crate::cache::atomic::write_derived(file, fill)
}

/// Writes a file kept beside the index (summary, listing) whole; why not, if it was not
/// written (a missing one only costs a slower answer).
pub(super) fn write_beside(file: &Path, bytes: &[u8]) -> Result<()> {
    write_whole(file, &mut |out| out.write_all(bytes))
}

/// Why a file kept beside the index (summary, listing) was not written.
#[derive(Debug, thiserror::Error)]
pub enum NotWritten {
    #[error("the cache root was replaced while it was read")]
    RootReplaced,
    #[error("parts of the cache could not be read")]
    Unreadable,
    #[error(transparent)]
    Failed(#[from] Error),
}

fn time(t: (i64, u32)) -> SystemTime {
    UNIX_EPOCH + Duration::new(t.0.max(0) as u64, t.1)
}

/// What `doctor` learns by comparing the index with a walk.
#[derive(Debug)]
pub struct Comparison {
    /// When the index was written.
    pub indexed_at: SystemTime,
    /// Entries in the index.
    pub entries: usize,
    /// Every difference between the revalidated index and a walk, named.
    pub differences: Vec<String>,
    /// The inventory of the walk (`None` when the index was of another directory and nothing
    /// was walked): what the caller can judge without writing anything.
    pub walked: Option<Inventory>,
}

/// Revalidates the index of `root` (without writing it) and walks the whole cache, and names
/// every difference; `None` when there is no index yet. Neither is written back.
pub fn compare(
    root: &Path,
    set: &BucketSet,
    options: &IndexOptions<'_>,
) -> Result<Option<Comparison>> {
    let Some(file) = file_of(options.dir, root) else {
        return Ok(None);
    };
    let mut warnings = Vec::new();
    let Some(snapshot) = read(&file, &mut warnings) else {
        return Ok(None);
    };
    let indexed_at = time(snapshot.scanned_at);
    let entries = snapshot.entries.len();
    let walk_options = WalkOptions::recording(options.scan);
    let Some(outcome) =
        revalidate::revalidate(root, set, snapshot, &walk_options, Depth::Full, &[])?
    else {
        return Ok(Some(Comparison {
            indexed_at,
            entries,
            differences: vec!["the index describes another directory at this path".into()],
            walked: None,
        }));
    };
    let indexed = outcome.raw.finish();
    let walked = walk::walk_root(root, set, &walk_options, &|_| true)?.finish();
    let mut differences = Vec::new();
    if indexed.total_disk() != walked.total_disk() {
        differences.push(format!(
            "total: index {} bytes, walk {}",
            indexed.total_disk(),
            walked.total_disk()
        ));
    }
    for (key, want) in &walked.entries {
        match indexed.entries.get(key) {
            None => differences.push(format!("{key}: on disk, not in the index")),
            Some(got) => {
                let fields = |a: &Accum| {
                    (
                        a.disk, a.apparent, a.files, a.shared, a.accessed, a.modified,
                    )
                };
                if fields(got) != fields(want) {
                    differences.push(format!(
                        "{key}: index (disk, bytes, files, shared, read, written) {:?}, walk {:?}",
                        fields(got),
                        fields(want)
                    ));
                }
            }
        }
    }
    for key in indexed.entries.keys() {
        if !walked.entries.contains_key(key) {
            differences.push(format!("{key}: in the index, not on disk"));
        }
    }
    differences.sort();
    Ok(Some(Comparison {
        indexed_at,
        entries,
        differences,
        walked: Some(Inventory::from_walk(root, walked)),
    }))
}

/// When the index of `root` in `dir` was written, if it has one (its header only is read).
pub fn indexed_at(dir: &Path, root: &Path) -> Option<SystemTime> {
    use std::io::Read;
    let mut head = vec![0u8; 256];
    let mut file = std::fs::File::open(file_of(dir, root)?).ok()?;
    let n = file.read(&mut head).ok()?;
    codec::scanned_at(&head[..n]).map(time)
}

/// The file of the index of a root, for tests and `doctor`.
pub fn file_of(dir: &Path, root: &Path) -> Option<PathBuf> {
    let meta = crate::os::handle::lstat(root).ok()?;
    let (dev, ino) = identity(&meta);
    Some(named(dir, dev, ino))
}

/// The index file of the root with this device and inode.
fn named(dir: &Path, dev: u64, ino: u64) -> PathBuf {
    dir.join(format!("{dev:x}-{ino:x}.idx"))
}

#[cfg(test)]
mod tests;
