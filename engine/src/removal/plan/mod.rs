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

use std::sync::Arc;

use crate::cache::entry::EntryKind;
use crate::cache::inventory::Inventory;
use crate::cache::layout::{Bucket, BucketState, RootClass};
use crate::cache::names::normalize_name;
use crate::error::Result;
use crate::progress::Progress;
use crate::removal::{Removal, Remover, Trash};

mod builder;
mod clean;
mod prune;

use builder::Builder;

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

/// The buckets whose links keep archives: uv scans wheels and sdists; uvcache's store has its
/// `http` pointers (a uv cache never has a current `http` bucket).
const REFERENCE_BUCKETS: [Bucket; 3] = [Bucket::Wheels, Bucket::Sdists, Bucket::Http];

/// The current directory name of `bucket`, if the cache has it.
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

/// Builds the plan for `operation` over an inventory.
pub fn plan(inventory: &Inventory, operation: Operation) -> Plan {
    let mut builder = Builder::new(inventory);
    match &operation {
        Operation::CleanAll => {
            clean::all(&mut builder);
            builder.finish(operation, false)
        }
        Operation::CleanPackages(packages) => {
            for package in packages {
                clean::package(&mut builder, &normalize_name(package));
            }
            clean::dangling_archives(&mut builder);
            builder.finish(operation, true)
        }
        Operation::Prune { ci } => {
            prune::steps(&mut builder, *ci);
            builder.finish(operation, true)
        }
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
