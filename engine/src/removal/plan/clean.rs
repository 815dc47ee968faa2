//! What `clean` and `clean PKG...` remove, bucket by bucket, as uv matches a package.

use std::collections::BTreeMap;

use crate::cache::entry::Source;
use crate::cache::layout::{Bucket, Shard, member_paths};
use crate::removal::package::{list, metadata_matches};
use crate::removal::plan::builder::Builder;
use crate::removal::plan::{REFERENCE_BUCKETS, Reason, under};

/// `clean` with no packages: every top-level item but uv's lock file.
pub(super) fn all(builder: &mut Builder<'_>) {
    for item in &builder.inventory.top {
        if item.name != crate::cache::lock::LOCK_FILE {
            builder.add(item.name.clone(), Reason::CleanAll);
        }
    }
}

/// `clean PKG` for one normalized package name, in each current bucket that holds it.
pub(super) fn package(builder: &mut Builder<'_>, package: &str) {
    if let Some(wheels) = builder.current(Bucket::Wheels) {
        wheels_of(builder, wheels, package);
    }
    if let Some(sdists) = builder.current(Bucket::Sdists) {
        sdists_of(builder, sdists, package);
    }
    if let Some(simple) = builder.current(Bucket::Simple) {
        candidate(
            builder,
            &Shard::of(simple, Source::Pypi).simple_file(package),
        );
        let index = Shard::of(simple, Source::Index);
        for (digest, _) in list(builder.root(), index.as_str()) {
            candidate(builder, &index.sub(&digest).simple_file(package));
        }
    }
    if let Some(flat) = builder.current(Bucket::FlatIndex) {
        builder.add(flat.to_string(), Reason::FlatIndex);
    }
    // uvcache's store: fetched files of the package (pointer, link and lock; the archive
    // follows once nothing links to it).
    if builder.current(Bucket::Http).is_some() {
        let inventory = builder.inventory;
        let fetched = inventory
            .entries
            .iter()
            .filter(|e| e.bucket == Some(Bucket::Http) && e.package.as_deref() == Some(package));
        for entry in fetched {
            for path in member_paths(&entry.path, entry.members) {
                builder.add(path, Reason::PackageMatch);
            }
        }
    }
}

/// Wheels: the registry's directory of the package, and its directory in each index and url
/// shard.
fn wheels_of(builder: &mut Builder<'_>, wheels: &str, package: &str) {
    candidate(builder, &Shard::of(wheels, Source::Pypi).child(package));
    for source in [Source::Index, Source::Url] {
        let shard = Shard::of(wheels, source);
        for (digest, _) in list(builder.root(), shard.as_str()) {
            candidate(builder, &shard.sub(&digest).child(package));
        }
    }
}

/// Sdists: by name from registries and indexes; url, path and git shards by the name in
/// their revisions' metadata, as uv matches them.
fn sdists_of(builder: &mut Builder<'_>, sdists: &str, package: &str) {
    let root = builder.root();
    candidate(builder, &Shard::of(sdists, Source::Pypi).child(package));
    let index = Shard::of(sdists, Source::Index);
    for (digest, _) in list(root, index.as_str()) {
        candidate(builder, &index.sub(&digest).child(package));
    }
    for source in [Source::Url, Source::Path] {
        let shard = Shard::of(sdists, source);
        for (digest, is_dir) in list(root, shard.as_str()) {
            let revisions = shard.sub(&digest);
            let matches = |(rev, d): &(String, bool)| {
                *d && metadata_matches(root, &revisions.child(rev), package)
            };
            if is_dir && list(root, revisions.as_str()).iter().any(matches) {
                builder.add(revisions.into(), Reason::PackageMatch);
            }
        }
    }
    let git = Shard::of(sdists, Source::Git);
    for (repo, _) in list(root, git.as_str()) {
        let commits = git.sub(&repo);
        for (sha, is_dir) in list(root, commits.as_str()) {
            let dir = commits.child(&sha);
            if is_dir && metadata_matches(root, &dir, package) {
                builder.add(dir, Reason::PackageMatch);
            }
        }
    }
}

/// A path of the package, planned if it exists.
fn candidate(builder: &mut Builder<'_>, rel: &str) {
    if std::fs::symlink_metadata(builder.root().join(rel)).is_ok() {
        builder.add(rel.to_string(), Reason::PackageMatch);
    }
}

/// Archives whose every referencing link is gone; archives only environments use were never
/// in uv's reference map and stay.
pub(super) fn dangling_archives(builder: &mut Builder<'_>) {
    let inventory = builder.inventory;
    let mut referrers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let scanned: Vec<&str> = REFERENCE_BUCKETS
        .iter()
        .filter_map(|b| builder.current(*b))
        .collect();
    for entry in &inventory.entries {
        for (link, target) in &entry.reference_links {
            if scanned.iter().any(|b| under(link, b)) {
                referrers.entry(target.as_str()).or_default().push(link);
            }
        }
    }
    let archive_dir = builder.current(Bucket::Archive);
    let dangling: Vec<String> = referrers
        .iter()
        .filter(|(target, links)| {
            archive_dir.is_some_and(|a| under(target, a))
                && links.iter().all(|l| builder.removed(l))
        })
        .map(|(target, _)| target.to_string())
        .collect();
    for target in dangling {
        if inventory.root.join(&target).exists() {
            builder.add(target, Reason::DanglingArchive);
        }
    }
}
