//! Plans for `clean` and `prune`: what goes, in which order, and why — values that a dry run
//! returns and that [`apply`] carries out under uv's exclusive lock.
//!
//! The rules reproduce uv's (docs/design.md#clean-and-prune) for the target release, whose buckets the inventory
//! was judged against; where releases differ in how they count and finish a removal, the
//! release's [`Behavior`](crate::cache::layout::releases::Behavior) decides (see
//! [`crate::removal::run`]). Checked against real uv 0.13.9, 0.13.8 and 0.11.33. Two deliberate
//! differences: buckets newer than the target are never removed (uv's prune deletes every
//! bucket it does not know, including a newer uv's), and a directory that does not look like a
//! uv cache is refused unless the caller insists (uv wipes whatever it is pointed at).
//!
//! Order matters for crash safety and is uv's: pointers (links, `.http`, revision directories,
//! whole package directories) go before the archives they point to, archives before the
//! `files-v0` blobs that only they held. A plan is computed from one inventory; the only other
//! reads are listings of sdist shards and revision directories (a few entries each), their
//! revision pointers (searched for the revision id, never decoded), and, for `clean <package>`
//! of url/path/git sources, the package name in `metadata.msgpack`, as uv matches them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::cache::entry::{Entry, EntryKind};
use crate::cache::inventory::Inventory;
use crate::cache::layout::{Bucket, BucketState, EntryNames, MARKERS, RootClass};
use crate::cache::names::normalize_name;
use crate::error::Result;
use crate::progress::Progress;
use crate::removal::package::{list, metadata_matches};
use crate::removal::remover::{Removal, Remover, Trash};

/// Which operation a plan is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// `clean` with no packages: everything but the root and `.lock`.
    CleanAll,
    /// `clean PKG...`.
    CleanPackages(Vec<String>),
    /// `prune`, or `prune --ci` when `ci` is set.
    Prune { ci: bool },
}

/// Why a path is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// `clean` of the whole cache.
    CleanAll,
    /// The package's entries in a bucket (`clean PKG`).
    PackageMatch,
    /// The flat-index bucket is wiped by any `clean PKG` (uv cannot tell which page lists it).
    FlatIndex,
    /// A sdist revision that is not the one its shard's pointer names.
    StaleRevision,
    /// A bucket of an older uv version, or an unknown directory or file at the root.
    OutdatedBucket,
    /// A cached environment (uv recreates them on demand).
    Environment,
    /// A temporary build environment.
    BuildEnvironment,
    /// `--ci`: pre-built wheels, which are cheap to download again.
    CiWheels,
    /// `--ci`: unpacked sources and unzipped built wheels, keeping the built `.whl` files.
    CiSdistArtifacts,
    /// An archive no remaining link points to.
    DanglingArchive,
    /// An entry a policy rule evicts.
    PolicyEvict,
    /// uvcache's store: the index of a cache that no longer exists (its history stays).
    IndexOfGoneCache,
    /// uvcache's store: a temporary file a write that died left.
    DeadTemporary,
}

impl Reason {
    /// Stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Reason::CleanAll => "clean_all",
            Reason::PackageMatch => "package_match",
            Reason::FlatIndex => "flat_index",
            Reason::StaleRevision => "stale_revision",
            Reason::OutdatedBucket => "outdated_bucket",
            Reason::Environment => "environment",
            Reason::BuildEnvironment => "build_environment",
            Reason::CiWheels => "ci_wheels",
            Reason::CiSdistArtifacts => "ci_sdist_artifacts",
            Reason::DanglingArchive => "dangling_archive",
            Reason::PolicyEvict => "policy",
            Reason::IndexOfGoneCache => "index_of_gone_cache",
            Reason::DeadTemporary => "dead_temporary",
        }
    }

    /// When the item goes: pointers first, then archives.
    fn phase(self) -> u8 {
        match self {
            Reason::DanglingArchive => 1,
            _ => 0,
        }
    }
}

/// One path to remove.
#[derive(Debug, Clone)]
pub struct PlanItem {
    /// Path relative to the cache root.
    pub path: String,
    /// Why.
    pub reason: Reason,
    /// The inventory entry the path is or lies in, if any.
    pub entry: Option<Arc<str>>,
    /// That entry's package.
    pub package: Option<Arc<str>>,
    /// That entry's version.
    pub version: Option<Arc<str>>,
    /// That entry's kind.
    pub kind: Option<EntryKind>,
    /// What else the reason names: the cache an index described.
    pub detail: Option<Arc<str>>,
    /// What removing it counts (filled by [`Plan::measure`] for dry runs).
    pub removal: Option<Removal>,
    /// For a whole grouped entry: which of its pointer files go with it
    /// ([`crate::cache::layout::member_bit`]); 0 for a single path.
    pub members: u8,
}

impl PlanItem {
    /// The paths this item removes: its path, or a grouped entry's stem and pointer files.
    pub fn paths(&self) -> Vec<String> {
        crate::cache::layout::member_paths(&self.path, self.members)
    }
}

/// A removal plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The operation.
    pub operation: Operation,
    /// What goes, in order.
    pub items: Vec<PlanItem>,
    /// Whether orphaned `files-v0` blobs are collected after the items (uv does it for clean
    /// by package and for prune).
    pub collect_files: bool,
}

impl Plan {
    /// Fills each item's `removal` with what deleting it would count now.
    pub fn measure(&mut self, remover: &Remover) -> Result<Removal> {
        let mut total = Removal::default();
        for item in &mut self.items {
            let mut removal = Removal::default();
            for counted in remover.measure(&item.paths())? {
                removal += counted;
            }
            total += removal;
            item.removal = Some(removal);
        }
        Ok(total)
    }

    /// Every path the plan removes, in order.
    pub fn paths(&self) -> Vec<String> {
        self.items.iter().flat_map(PlanItem::paths).collect()
    }
}

/// uvcache's store: the index files of caches that are gone and dead writes' temporary files in
/// the index folder `dir` ([`crate::cache::index::sets`]).
fn stale_indexes(builder: &mut Builder<'_>, root: &Path, dir: &str) {
    use crate::cache::index::sets::{self, Stale};
    for stale in sets::stale(&root.join(dir), std::time::SystemTime::now()) {
        match stale {
            Stale::DeadTemporary(name) => {
                builder.add(format!("{dir}/{name}"), Reason::DeadTemporary)
            }
            Stale::GoneCache { files, cache } => {
                let cache: Arc<str> = Arc::from(cache.to_string_lossy().as_ref());
                for name in files {
                    let path = format!("{dir}/{name}");
                    builder.details.insert(path.clone(), cache.clone());
                    builder.add(path, Reason::IndexOfGoneCache);
                }
            }
        }
    }
}

/// The current directory name of `bucket`, if the cache has it.
/// The buckets whose links keep archives: uv scans wheels and sdists; uvcache's store has its
/// `http` pointers (a uv cache never has a current `http` bucket).
const REFERENCE_BUCKETS: [Bucket; 3] = [Bucket::Wheels, Bucket::Sdists, Bucket::Http];

fn current_dir(inventory: &Inventory, bucket: Bucket) -> Option<&str> {
    inventory.top.iter().find_map(|t| match t.class {
        RootClass::Bucket {
            bucket: b,
            state: BucketState::Current,
            ..
        } if b == bucket && t.is_dir => Some(t.name.as_str()),
        _ => None,
    })
}

/// Whether `path` is `prefix` or lies below it.
fn under(path: &str, prefix: &str) -> bool {
    path == prefix || (path.starts_with(prefix) && path.as_bytes().get(prefix.len()) == Some(&b'/'))
}

struct Builder<'a> {
    inventory: &'a Inventory,
    items: BTreeMap<String, Reason>,
    details: BTreeMap<String, Arc<str>>,
}

impl Builder<'_> {
    fn add(&mut self, path: String, reason: Reason) {
        // An item below one already planned adds nothing; items below the new one merge in.
        if self.removed(&path) {
            return;
        }
        let prefix = format!("{path}/");
        let below: Vec<String> = self
            .items
            .range(prefix.clone()..)
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(&prefix))
            .cloned()
            .collect();
        for p in below {
            self.items.remove(&p);
        }
        self.items.insert(path, reason);
    }

    /// Whether `path` or one of its ancestors is planned (ancestor look-ups, no scan).
    fn removed(&self, path: &str) -> bool {
        crate::cache::layout::path_and_ancestors(path).any(|p| self.items.contains_key(p))
    }

    /// Archives no surviving link points to. uv counts links in its current wheels and sdists
    /// buckets; uvcache also counts links in buckets of a newer uv, which it keeps.
    fn unreferenced_archives(&self) -> Vec<String> {
        let mut scanned: Vec<&str> = REFERENCE_BUCKETS
            .iter()
            .filter_map(|b| current_dir(self.inventory, *b))
            .collect();
        scanned.extend(
            self.inventory
                .top
                .iter()
                .filter(|t| {
                    matches!(
                        t.class,
                        RootClass::Bucket {
                            state: BucketState::Newer,
                            ..
                        }
                    )
                })
                .map(|t| t.name.as_str()),
        );
        let mut referenced = BTreeSet::new();
        for entry in &self.inventory.entries {
            for (link, target) in &entry.reference_links {
                let in_scan = scanned.iter().any(|b| under(link, b));
                // No existence check: only archives listed on disk below can be removed, so a
                // link to a missing one changes nothing (and a stat per link is most of the time).
                if in_scan && !self.removed(link) {
                    referenced.insert(target.as_str());
                }
            }
        }
        let Some(archive_dir) = current_dir(self.inventory, Bucket::Archive) else {
            return Vec::new();
        };
        list(&self.inventory.root, archive_dir)
            .into_iter()
            .map(|(name, _)| format!("{archive_dir}/{name}"))
            .filter(|path| !referenced.contains(path.as_str()))
            .collect()
    }

    fn finish(self, operation: Operation, collect_files: bool) -> Plan {
        let entries = &self.inventory.entries;
        let find = |path: &str| {
            entries
                .binary_search_by(|e| e.path.as_str().cmp(path))
                .ok()
                .map(|i| &entries[i])
        };
        // The entry at or above the path (grouped pointer files belong to their stem): a binary
        // search per ancestor, not a scan of the inventory per item.
        let lookup = |path: &str| -> Option<&Entry> {
            find(crate::cache::layout::entry_stem(path)).or_else(|| {
                crate::cache::layout::path_and_ancestors(path)
                    .skip(1)
                    .find_map(find)
            })
        };
        // An archive that entries link to was folded into them: it is named after them. The
        // map is built only if some item is not itself an entry (most plans have none).
        let mut referrers: Option<foldhash::HashMap<&str, &Entry>> = None;
        let mut referrer = |path: &str| {
            referrers
                .get_or_insert_with(|| {
                    let mut map = foldhash::HashMap::default();
                    for entry in entries {
                        for reference in &entry.references {
                            map.entry(reference.as_str()).or_insert(entry);
                        }
                    }
                    map
                })
                .get(path)
                .copied()
        };
        let mut items: Vec<PlanItem> = self
            .items
            .into_iter()
            .map(|(path, reason)| {
                let (entry, kind) = match lookup(&path) {
                    Some(entry) => (Some(entry), Some(entry.kind)),
                    None => {
                        let referrer = referrer(path.as_str());
                        (referrer, referrer.map(|_| EntryKind::Archive))
                    }
                };
                PlanItem {
                    entry: entry.map(|e| Arc::from(e.path.as_str())),
                    package: entry.and_then(|e| e.package.as_deref()).map(Arc::from),
                    version: entry.and_then(|e| e.version.as_deref()).map(Arc::from),
                    kind,
                    detail: self.details.get(&path).cloned(),
                    path,
                    reason,
                    removal: None,
                    members: 0,
                }
            })
            .collect();
        // Pointers before what they point to: a kill between two items never leaves a link
        // whose archive is gone. A whole clean takes the archive and blob buckets last.
        let holds_targets = |item: &PlanItem| {
            item.reason == Reason::CleanAll
                && self
                    .inventory
                    .top
                    .iter()
                    .find(|t| t.name == item.path)
                    .is_some_and(|t| {
                        matches!(
                            t.class,
                            RootClass::Bucket {
                                bucket: Bucket::Archive | Bucket::Files,
                                ..
                            }
                        )
                    })
        };
        items.sort_by(|a, b| {
            (a.reason.phase(), holds_targets(a))
                .cmp(&(b.reason.phase(), holds_targets(b)))
                .then_with(|| a.path.cmp(&b.path))
        });
        Plan {
            operation,
            items,
            collect_files,
        }
    }
}

/// Builds the plan for `operation` over an inventory.
pub fn plan(inventory: &Inventory, operation: Operation) -> Plan {
    let mut builder = Builder {
        inventory,
        items: BTreeMap::new(),
        details: BTreeMap::new(),
    };
    let root = &inventory.root;
    match &operation {
        Operation::CleanAll => {
            for item in &inventory.top {
                if item.name != crate::cache::lock::LOCK_FILE {
                    builder.add(item.name.clone(), Reason::CleanAll);
                }
            }
            builder.finish(operation, false)
        }
        Operation::CleanPackages(packages) => {
            for package in packages {
                let package = normalize_name(package);
                if let Some(wheels) = current_dir(inventory, Bucket::Wheels) {
                    candidate(&mut builder, root, &format!("{wheels}/pypi/{package}"));
                    for shard in ["index", "url"] {
                        for (digest, _) in list(root, &format!("{wheels}/{shard}")) {
                            candidate(
                                &mut builder,
                                root,
                                &format!("{wheels}/{shard}/{digest}/{package}"),
                            );
                        }
                    }
                }
                if let Some(sdists) = current_dir(inventory, Bucket::Sdists) {
                    candidate(&mut builder, root, &format!("{sdists}/pypi/{package}"));
                    for (digest, _) in list(root, &format!("{sdists}/index")) {
                        candidate(
                            &mut builder,
                            root,
                            &format!("{sdists}/index/{digest}/{package}"),
                        );
                    }
                    for shard in ["url", "path"] {
                        for (digest, is_dir) in list(root, &format!("{sdists}/{shard}")) {
                            let shard_dir = format!("{sdists}/{shard}/{digest}");
                            if is_dir
                                && list(root, &shard_dir).iter().any(|(rev, d)| {
                                    *d && metadata_matches(
                                        root,
                                        &format!("{shard_dir}/{rev}"),
                                        &package,
                                    )
                                })
                            {
                                builder.add(shard_dir, Reason::PackageMatch);
                            }
                        }
                    }
                    for (repo, _) in list(root, &format!("{sdists}/git")) {
                        for (sha, is_dir) in list(root, &format!("{sdists}/git/{repo}")) {
                            let dir = format!("{sdists}/git/{repo}/{sha}");
                            if is_dir && metadata_matches(root, &dir, &package) {
                                builder.add(dir, Reason::PackageMatch);
                            }
                        }
                    }
                }
                if let Some(simple) = current_dir(inventory, Bucket::Simple) {
                    candidate(&mut builder, root, &format!("{simple}/pypi/{package}.rkyv"));
                    for (digest, _) in list(root, &format!("{simple}/index")) {
                        candidate(
                            &mut builder,
                            root,
                            &format!("{simple}/index/{digest}/{package}.rkyv"),
                        );
                    }
                }
                if let Some(flat) = current_dir(inventory, Bucket::FlatIndex) {
                    builder.add(flat.to_string(), Reason::FlatIndex);
                }
                // uvcache's store: fetched files of the package (pointer, link and lock; the
                // archive follows below once nothing links to it).
                if current_dir(inventory, Bucket::Http).is_some() {
                    for entry in inventory.entries.iter().filter(|e| {
                        e.bucket == Some(Bucket::Http) && e.package.as_deref() == Some(&package)
                    }) {
                        for path in crate::cache::layout::member_paths(&entry.path, entry.members) {
                            builder.add(path, Reason::PackageMatch);
                        }
                    }
                }
            }
            // Archives whose every referencing link is gone; archives only environments use
            // were never in uv's reference map and stay.
            let mut referrers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            let scanned: Vec<&str> = REFERENCE_BUCKETS
                .iter()
                .filter_map(|b| current_dir(inventory, *b))
                .collect();
            for entry in &inventory.entries {
                for (link, target) in &entry.reference_links {
                    if scanned.iter().any(|b| under(link, b)) {
                        referrers
                            .entry(target.as_str())
                            .or_default()
                            .push(link.as_str());
                    }
                }
            }
            let archive_dir = current_dir(inventory, Bucket::Archive);
            let dangling: Vec<String> = referrers
                .iter()
                .filter(|(target, links)| {
                    archive_dir.is_some_and(|a| under(target, a))
                        && links.iter().all(|l| builder.removed(l))
                })
                .map(|(target, _)| target.to_string())
                .collect();
            for target in dangling {
                if root.join(&target).exists() {
                    builder.add(target, Reason::DanglingArchive);
                }
            }
            builder.finish(operation, true)
        }
        Operation::Prune { ci } => {
            let ci = *ci;
            // Step 0: stale sdist revisions.
            if let Some(sdists) = current_dir(inventory, Bucket::Sdists) {
                for entry in inventory.entries.iter().filter(|e| under(&e.path, sdists)) {
                    let depth = entry.path.matches('/').count();
                    let first = entry.path.split('/').nth(1).unwrap_or_default();
                    let is_shard = first != "git"
                        && crate::cache::layout::entry_depth(
                            Bucket::Sdists,
                            EntryNames::Current,
                            first,
                        )
                        .is_some_and(|(d, _)| d == depth);
                    if !is_shard {
                        continue;
                    }
                    let children = list(root, &entry.path);
                    let pointer = ["revision.http", "revision.rev"]
                        .iter()
                        .filter(|p| children.iter().any(|(n, d)| n == *p && !d))
                        .find_map(|p| crate::os::atime::read(&root.join(&entry.path).join(p)).ok())
                        .filter(|b| !b.is_empty());
                    // Only a pointer uv could read decides; it keeps the revision it names.
                    let ids = pointer
                        .as_deref()
                        .map(crate::cache::layout::pointer_revision_ids)
                        .unwrap_or_default();
                    if !ids.is_empty() {
                        for (name, is_dir) in &children {
                            if *is_dir && !ids.contains(&name.as_str()) {
                                builder
                                    .add(format!("{}/{name}", entry.path), Reason::StaleRevision);
                            }
                        }
                    }
                }
            }
            // Step 1: root entries that are not current buckets (newer buckets are kept).
            for item in &inventory.top {
                let keep = match item.class {
                    RootClass::Marker => MARKERS.contains(&item.name.as_str()),
                    RootClass::Own => true,
                    RootClass::Bucket { state, .. } => {
                        item.is_dir && state != BucketState::Outdated
                    }
                    _ => false,
                };
                if !keep {
                    builder.add(item.name.clone(), Reason::OutdatedBucket);
                }
                if item.class == RootClass::Own && item.name == crate::cache::layout::INDEX_FOLDER {
                    stale_indexes(&mut builder, root, &item.name);
                }
            }
            // Steps 2 and 2b: every cached environment and temporary build environment.
            for (bucket, reason) in [
                (Bucket::Environments, Reason::Environment),
                (Bucket::Builds, Reason::BuildEnvironment),
            ] {
                if let Some(dir) = current_dir(inventory, bucket) {
                    for (name, _) in list(root, dir) {
                        builder.add(format!("{dir}/{name}"), reason);
                    }
                }
            }
            // Step 3: --ci.
            if ci {
                if let Some(wheels) = current_dir(inventory, Bucket::Wheels) {
                    for (name, is_dir) in list(root, wheels) {
                        if is_dir {
                            builder.add(format!("{wheels}/{name}"), Reason::CiWheels);
                        }
                    }
                }
                if let Some(sdists) = current_dir(inventory, Bucket::Sdists) {
                    let mut dirs = BTreeSet::new();
                    for entry in inventory
                        .entries
                        .iter()
                        .filter(|e| under(&e.path, sdists) && e.kind != EntryKind::Marker)
                    {
                        dirs.insert(entry.path.clone());
                        for (name, is_dir) in list(root, &entry.path) {
                            if is_dir && name != "src" {
                                dirs.insert(format!("{}/{name}", entry.path));
                            }
                        }
                    }
                    for dir in dirs {
                        if builder.removed(&dir) {
                            continue;
                        }
                        let children = list(root, &dir);
                        if children.iter().any(|(n, d)| n == "metadata.msgpack" && !d) {
                            for (name, _) in children {
                                let keep = name == "metadata.msgpack"
                                    || name
                                        .rsplit_once('.')
                                        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("whl"));
                                if !keep {
                                    builder.add(format!("{dir}/{name}"), Reason::CiSdistArtifacts);
                                }
                            }
                        }
                    }
                }
            }
            // Step 4: archives nothing points to any more.
            for archive in builder.unreferenced_archives() {
                builder.add(archive, Reason::DanglingArchive);
            }
            builder.finish(operation, true)
        }
    }
}

fn candidate(builder: &mut Builder<'_>, root: &Path, rel: &str) {
    if std::fs::symlink_metadata(root.join(rel)).is_ok() {
        builder.add(rel.to_string(), Reason::PackageMatch);
    }
}

/// Carries out a plan's part that needs uv's lock: items in order, files unlinked and
/// directories parked out of uv's view, then (if the plan says so) orphaned `files-v0` blobs.
/// Returns what was removed, counted as uv counts it, and the parked trees, which the caller
/// deletes after releasing the lock ([`Remover::delete_trash`]). When the cache has a
/// `files-v0` bucket, the parked archives go first, under the lock: their files hold links to
/// the blobs, which are orphans only once those are gone.
pub fn apply(
    plan: &Plan,
    remover: &Remover,
    inventory: &Inventory,
    progress: &dyn Progress,
) -> Result<(Removal, Trash)> {
    // Items are in phase order (pointers, then archives); one pass parks or unlinks them in that
    // order, so the window in which a kill leaves an archive orphaned is a few renames long.
    let (mut removal, trash) = remover.park_all(&plan.paths())?;
    if plan.collect_files
        && let Some(files) = current_dir(inventory, Bucket::Files)
    {
        // Blobs no archive links to any more are known only once the archives are gone, and
        // uv may link a blob again as soon as it has the lock: this deletion stays under it,
        // with no total counted (that would be one more walk under the lock).
        progress.removing(0, 0);
        progress.removed(removal.files, removal.bytes);
        removal += remover.delete_trash_with(trash, progress)?;
        let blobs = remover.remove_unlinked_files(files)?;
        progress.removed(blobs.files, blobs.bytes);
        removal += blobs;
        return Ok((removal, Trash::default()));
    }
    Ok((removal, trash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_is_by_component() {
        assert!(under("a/b", "a"));
        assert!(under("a", "a"));
        assert!(!under("ab", "a"));
    }
}
