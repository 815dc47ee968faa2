//! What `prune` and `prune --ci` remove: uv's steps, in uv's order.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::cache::entry::{Entry, EntryKind};
use crate::cache::layout::{self, Bucket, BucketState, MARKERS, RootClass};
use crate::removal::package::list;
use crate::removal::plan::builder::Builder;
use crate::removal::plan::{Reason, under};

/// Every step of `prune` (with `ci`, `prune --ci`).
pub(super) fn steps(builder: &mut Builder<'_>, ci: bool) {
    stale_revisions(builder);
    outdated_tops(builder);
    // Steps 2 and 2b: every cached environment and temporary build environment.
    for (bucket, reason) in [
        (Bucket::Environments, Reason::Environment),
        (Bucket::Builds, Reason::BuildEnvironment),
    ] {
        if let Some(dir) = builder.current(bucket) {
            for (name, _) in list(builder.root(), dir) {
                builder.add(format!("{dir}/{name}"), reason);
            }
        }
    }
    if ci {
        ci_wheels(builder);
        ci_sdist_artifacts(builder);
    }
    // Step 4: archives nothing points to any more.
    for archive in builder.unreferenced_archives() {
        builder.add(archive, Reason::DanglingArchive);
    }
}

/// Step 0: sdist revisions other than the one their shard's revision pointer names.
fn stale_revisions(builder: &mut Builder<'_>) {
    let Some(sdists) = builder.current(Bucket::Sdists) else {
        return;
    };
    let (inventory, root) = (builder.inventory, builder.root());
    // A shard with revisions: an sdist entry, as the path classified it, of a source whose
    // shards have them (not git's, whose entries are commits).
    let is_shard = |e: &&Entry| {
        matches!(e.kind, EntryKind::Sdist | EntryKind::BuiltWheel)
            && e.source
                .is_some_and(|s| layout::has_revisions(Bucket::Sdists, s.name()))
            && under(&e.path, sdists)
    };
    for entry in inventory.entries.iter().filter(is_shard) {
        // Only a pointer uv could read decides; it keeps the revision it names.
        let Some(ids) = layout::current_revisions(&root.join(&entry.path)) else {
            continue;
        };
        for (name, is_dir) in &list(root, &entry.path) {
            if *is_dir && !ids.contains(name) {
                builder.add(format!("{}/{name}", entry.path), Reason::StaleRevision);
            }
        }
    }
}

/// Step 1: root items that are not current buckets (newer buckets, markers and uvcache's own
/// folders are kept), and uvcache's stale index files.
fn outdated_tops(builder: &mut Builder<'_>) {
    for item in &builder.inventory.top {
        let keep = match item.class {
            RootClass::Marker => MARKERS.contains(&item.name.as_str()),
            RootClass::Own => true,
            RootClass::Bucket { state, .. } => item.is_dir && state != BucketState::Outdated,
            _ => false,
        };
        if !keep {
            builder.add(item.name.clone(), Reason::OutdatedBucket);
        }
        if item.class == RootClass::Own && item.name == layout::INDEX_FOLDER {
            stale_indexes(builder, &item.name);
        }
    }
}

/// Step 3, `--ci`: pre-built wheels.
fn ci_wheels(builder: &mut Builder<'_>) {
    if let Some(wheels) = builder.current(Bucket::Wheels) {
        for (name, is_dir) in list(builder.root(), wheels) {
            if is_dir {
                builder.add(format!("{wheels}/{name}"), Reason::CiWheels);
            }
        }
    }
}

/// Step 3, `--ci`: in each sdist entry and revision with metadata, everything but the
/// metadata and the built `.whl` files.
fn ci_sdist_artifacts(builder: &mut Builder<'_>) {
    let Some(sdists) = builder.current(Bucket::Sdists) else {
        return;
    };
    let (inventory, root) = (builder.inventory, builder.root());
    let mut dirs = BTreeSet::new();
    let entries = inventory.entries.iter();
    for entry in entries.filter(|e| under(&e.path, sdists) && e.kind != EntryKind::Marker) {
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
        if !children.iter().any(|(n, d)| n == "metadata.msgpack" && !d) {
            continue;
        }
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

/// uvcache's store: the index files of caches that are gone and dead writes' temporary files in
/// the index folder `dir` ([`crate::cache::index::sets`]).
fn stale_indexes(builder: &mut Builder<'_>, dir: &str) {
    use crate::cache::index::sets::{self, Stale};
    for stale in sets::stale(&builder.root().join(dir), std::time::SystemTime::now()) {
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
