//! The inventory: every cache entry with its kind, package, sizes, last use and references.
//!
//! Built from one [`walk`](crate::cache::walk::walk). Package names and versions come from paths only
//! (docs/design.md#cache-payloads-are-opaque: payloads are opaque and change between uv versions); where the path does not
//! say the package (url, path, editable and git sources), the built wheel's file name does.
//! The only contents read are the revision pointers of sdist shards that hold more than one
//! revision, searched (not decoded) for the msgpack string holding the revision id
//! ([`layout::current_revisions`]), to tell the current revision from stale ones.
//!
//! Archive bytes are attributed to the entries that link to them, split evenly when several
//! do; an archive no entry links to is its own entry, with status `dangling`.

use foldhash::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::cache::classify::{Seen, classify};
use crate::cache::entry::{Entry, EntryKind, LastUseSource, Status};
use crate::cache::layout::{self, Bucket, BucketSet, BucketState, EntryNames, RootClass};
use crate::cache::sums::{Accum, TopItem};
use crate::cache::walk::{self, Walk, WalkIssue};
use crate::error::Result;
use crate::scan::Scan;

/// The inventory of one cache.
#[derive(Debug)]
pub struct Inventory {
    /// The cache root.
    pub root: PathBuf,
    /// Entries, sorted by path.
    pub entries: Vec<Entry>,
    /// Top-level items with their disk totals.
    pub top: Vec<TopItem>,
    /// Total disk usage, equal to `uv cache size`.
    pub total_disk: u64,
    /// The root directory's own blocks.
    pub root_disk: u64,
    /// Paths that could not be read.
    pub issues: Vec<WalkIssue>,
}

/// How to take an inventory.
pub struct Options<'a> {
    /// Workers, stop check and progress.
    pub scan: Scan<'a>,
    /// The bucket versions to compare against.
    pub buckets: &'a BucketSet,
    /// Do not walk inside archives and blobs (sizes of archives are then their directory's).
    pub shallow: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            scan: Scan::quiet(),
            buckets: layout::newest(),
            shallow: false,
        }
    }
}

impl Inventory {
    /// How many entries each top-level item holds, by name.
    pub fn entries_per_top(&self) -> HashMap<&str, u64> {
        let mut counts: HashMap<&str, u64> = HashMap::default();
        for entry in &self.entries {
            let top = entry.path.split('/').next().unwrap_or_default();
            *counts.entry(top).or_default() += 1;
        }
        counts
    }

    /// The inventory in two parts, for listings that should start at once: first the entries
    /// of buckets that neither link to archives nor are linked to (Simple API pages,
    /// interpreters, git, markers, ...), which a short walk completes; then, with
    /// [`Inventory::take_linked_part`], the wheels, sdists, environments, archives and blobs,
    /// whose sizes need one another. Each part is sorted by path; together they hold the same entries as [`take`].
    ///
    /// [`take`]: Inventory::take
    pub fn take_in_parts(root: &Path, options: &Options<'_>) -> Result<Inventory> {
        Self::take_where(root, options, &|b| !Self::linked(b))
    }

    /// The second part of [`Inventory::take_in_parts`].
    pub fn take_linked_part(root: &Path, options: &Options<'_>) -> Result<Inventory> {
        Self::take_where(root, options, &|b| Self::linked(b))
    }

    fn linked(bucket: Option<Bucket>) -> bool {
        matches!(
            bucket,
            Some(
                Bucket::Wheels
                    | Bucket::Sdists
                    | Bucket::Environments
                    | Bucket::Archive
                    | Bucket::Files
                    | Bucket::Http
            )
        )
    }

    /// Walks the cache at `root` and builds its inventory.
    pub fn take(root: &Path, options: &Options<'_>) -> Result<Inventory> {
        Self::take_where(root, options, &|_| true)
    }

    /// The inventory of the top-level items `include` accepts (by their bucket).
    fn take_where(
        root: &Path,
        options: &Options<'_>,
        include: &dyn Fn(Option<Bucket>) -> bool,
    ) -> Result<Inventory> {
        let walk = walk::walk_part(
            root,
            options.buckets,
            options.scan,
            options.shallow,
            include,
        )?;
        Ok(Self::from_walk(root, walk.finish()))
    }

    pub fn from_walk(root: &Path, walk: Walk) -> Inventory {
        let total_disk = walk.total_disk();
        let Walk {
            root_disk,
            top,
            entries,
            issues,
        } = walk;
        let mut entries = settle_revisions(root, entries);
        // Who links to each archive, and what each referrer's share of the archives is.
        let (shares, attributed) = shares(&entries);
        for archive in &attributed {
            entries.remove(archive);
        }
        // Archives the walk saw: link targets among them exist without asking the file system.
        let known: HashSet<&str> = attributed.iter().map(|a| &**a).collect();
        let mut out: Vec<Entry> = entries
            .into_iter()
            .map(|(key, mut accum)| {
                let share = shares.get(&key);
                // A link is dangling when its target is neither an entry the walk saw nor a path.
                let dangling_link = accum
                    .links
                    .iter()
                    .flat_map(|l| &l.link_targets)
                    .any(|t| !known.contains(t.as_str()) && !root.join(t).exists());
                if let Some(share) = share {
                    accum.disk += share.disk;
                    accum.apparent += share.apparent;
                    accum.shared += share.shared;
                    accum.files += share.files;
                    accum.modified = accum.modified.max(share.modified);
                }
                describe(&key, accum, &top, dangling_link)
            })
            .collect();
        // Paths are unique: an unstable sort orders them the same, with fewer moves.
        out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Inventory {
            root: root.to_path_buf(),
            entries: out,
            top,
            total_disk,
            root_disk,
            issues,
        }
    }
}

/// An entry's share of the archives it links to.
#[derive(Debug, Default, Clone, Copy)]
struct Share {
    disk: u64,
    apparent: u64,
    shared: u64,
    files: u64,
    modified: Option<(i64, u32)>,
}

/// Each referrer's share of the archives linked to (an archive's sums split evenly among the
/// entries that link to it, the remainder to the first by path), and the archives so shared.
fn shares(entries: &HashMap<Arc<str>, Accum>) -> (HashMap<Arc<str>, Share>, Vec<Arc<str>>) {
    let mut referrers: HashMap<&str, Vec<&Arc<str>>> = HashMap::default();
    for (key, accum) in entries {
        for reference in accum.links.iter().flat_map(|l| &l.references) {
            referrers.entry(reference).or_default().push(key);
        }
    }
    let mut shares: HashMap<Arc<str>, Share> = HashMap::default();
    shares.reserve(referrers.len());
    let mut attributed = Vec::with_capacity(referrers.len());
    for (archive, mut list) in referrers {
        let Some((archive, accum)) = entries.get_key_value(archive) else {
            continue;
        };
        attributed.push(archive.clone());
        list.sort();
        let n = list.len() as u64;
        for (i, referrer) in list.into_iter().enumerate() {
            let part = |v: u64| v / n + if i == 0 { v % n } else { 0 };
            let share = shares.entry(referrer.clone()).or_default();
            share.disk += part(accum.disk);
            share.apparent += part(accum.apparent);
            // Never more shared bytes than disk bytes in one share.
            share.shared += part(accum.shared).min(part(accum.disk));
            share.files += part(accum.files);
            share.modified = share.modified.max(accum.modified);
        }
    }
    (shares, attributed)
}

/// Folds each sdist shard's current revision into the shard entry and marks the others stale.
fn settle_revisions(
    root: &Path,
    mut entries: HashMap<Arc<str>, Accum>,
) -> HashMap<Arc<str>, Accum> {
    // Revision sub-entries are `<shard>/<revid>` where `<shard>` is itself an entry.
    let mut by_shard: HashMap<Arc<str>, Vec<Arc<str>>> = HashMap::default();
    for key in entries.keys() {
        if let Some((parent, _)) = key.rsplit_once('/')
            && let Some((shard_key, _)) = entries.get_key_value(parent)
            && is_sdist_shard(shard_key)
        {
            by_shard
                .entry(shard_key.clone())
                .or_default()
                .push(key.clone());
        }
    }
    for (shard, mut revisions) in by_shard {
        revisions.sort();
        let current: Vec<Arc<str>> = if revisions.len() == 1 {
            revisions.clone()
        } else {
            match layout::current_revisions(&root.join(&*shard)) {
                Some(ids) => revisions
                    .iter()
                    .filter(|r| ids.iter().any(|id| r.rsplit('/').next() == Some(id)))
                    .cloned()
                    .collect(),
                // No readable pointer: uv's prune keeps every revision, so all of them count.
                None => revisions.clone(),
            }
        };
        for revision in revisions {
            if current.contains(&revision)
                && let Some(accum) = entries.remove(&revision)
                && let Some(shard_accum) = entries.get_mut(&shard)
            {
                shard_accum.merge(accum);
            }
        }
    }
    entries
}

fn is_sdist_shard(key: &str) -> bool {
    let mut parts = key.split('/');
    let bucket = parts
        .next()
        .and_then(layout::parse_bucket_name)
        .map(|(b, _)| b);
    let first = parts.next().unwrap_or_default();
    bucket == Some(Bucket::Sdists)
        && layout::has_revisions(Bucket::Sdists, first)
        && layout::entry_depth(Bucket::Sdists, EntryNames::Current, first)
            .is_some_and(|(d, _)| d == key.split('/').count() - 1)
}

fn time(t: Option<(i64, u32)>) -> Option<SystemTime> {
    let (secs, nanos) = t?;
    let secs = u64::try_from(secs).ok()?;
    Some(UNIX_EPOCH + Duration::new(secs, nanos))
}

/// Kind, package and status of an entry from its path and sums.
fn describe(key: &str, accum: Accum, top: &[TopItem], dangling_link: bool) -> Entry {
    let top_item = &top[accum.top];
    let links = accum.links.map(|l| *l).unwrap_or_default();
    let seen = Seen {
        has_rev: accum.has_rev,
        members: accum.members,
        wheel_hint: links.wheel_hint.as_deref(),
    };
    let id = classify(key, top_item.class, &seen);
    let state = match top_item.class {
        RootClass::Bucket { state, .. } => Some(state),
        _ => None,
    };
    let status = match state {
        Some(BucketState::Outdated) => Status::Outdated,
        Some(BucketState::Newer) => Status::Newer,
        _ if id.kind == EntryKind::SdistRevision => Status::Outdated,
        _ if id.kind == EntryKind::Archive || dangling_link => Status::Dangling,
        _ => Status::Live,
    };
    let (last_use, last_use_source) =
        match (accum.accessed, accum.pointer_modified.or(accum.modified)) {
            (Some(a), Some(m)) if a > m => (time(Some(a)), LastUseSource::Atime),
            (_, m) => (time(m), LastUseSource::Mtime),
        };
    Entry {
        path: key.to_string(),
        bucket: id.bucket,
        bucket_version: id.bucket_version,
        kind: id.kind,
        source: id.source,
        package: id.package,
        version: id.version,
        digest: id.digest,
        disk: accum.disk,
        apparent: accum.apparent,
        shared: accum.shared,
        files: accum.files,
        modified: time(accum.modified),
        last_use,
        last_use_source,
        references: links.references,
        external_links: links.external_links,
        reference_links: links.reference_links,
        reclaimable: accum.reclaimable,
        members: accum.members,
        status,
        used_by: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wheel's archive hardlinked into a cached environment's archive (what `uv run --with`
    /// does in hardlink mode): the shared file belongs to one entry, the same on every run,
    /// and no entry has more shared bytes than bytes.
    #[test]
    fn hardlinked_files_belong_to_one_entry_and_shared_never_exceeds_size() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let wheel_archive = root.join("archive-v0/WHEELARCHIVE0001");
        let env_archive = root.join("archive-v0/ENVARCHIVE000001/lib");
        std::fs::create_dir_all(&wheel_archive).unwrap();
        std::fs::create_dir_all(&env_archive).unwrap();
        for i in 0..8 {
            let file = wheel_archive.join(format!("module{i}.py"));
            std::fs::write(&file, vec![b'x'; 5000]).unwrap();
            std::fs::hard_link(&file, env_archive.join(format!("module{i}.py"))).unwrap();
        }
        std::fs::create_dir_all(root.join("wheels-v7/pypi/pkg")).unwrap();
        std::os::unix::fs::symlink(
            "../../../archive-v0/WHEELARCHIVE0001",
            root.join("wheels-v7/pypi/pkg/1.0-py3-none-any"),
        )
        .unwrap();
        std::fs::create_dir_all(root.join("environments-v2/8b0cbae4892decd7")).unwrap();
        std::os::unix::fs::symlink(
            "../../archive-v0/ENVARCHIVE000001",
            root.join("environments-v2/8b0cbae4892decd7/3541a9888fd6e597"),
        )
        .unwrap();
        let sizes = |inventory: &Inventory| -> Vec<(String, u64, u64)> {
            inventory
                .entries
                .iter()
                .map(|e| (e.path.clone(), e.disk, e.shared))
                .collect()
        };
        let options = Options {
            scan: Scan::quiet().on(4),
            ..Options::default()
        };
        let first = Inventory::take(root, &options).unwrap();
        for entry in &first.entries {
            assert!(entry.shared <= entry.disk, "{entry:?}");
        }
        let shared: u64 = first.entries.iter().map(|e| e.shared).sum();
        assert!(shared > 0, "the hardlinked files are counted once");
        // `ENVARCHIVE…` sorts before `WHEELARCHIVE…`: the environment owns the shared files.
        let wheel = first
            .entries
            .iter()
            .find(|e| e.path == "wheels-v7/pypi/pkg/1.0-py3-none-any")
            .unwrap();
        assert_eq!(wheel.shared, 0);
        for _ in 0..10 {
            assert_eq!(
                sizes(&Inventory::take(root, &options).unwrap()),
                sizes(&first)
            );
        }
    }
}
