//! What `clean` and `clean PKG...` remove, bucket by bucket, as uv matches a package.

use std::collections::BTreeMap;

use crate::cache::layout::{Bucket, member_paths};
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
        candidate(builder, &format!("{simple}/pypi/{package}.rkyv"));
        for (digest, _) in list(builder.root(), &format!("{simple}/index")) {
            candidate(builder, &format!("{simple}/index/{digest}/{package}.rkyv"));
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
    candidate(builder, &format!("{wheels}/pypi/{package}"));
    for shard in ["index", "url"] {
        for (digest, _) in list(builder.root(), &format!("{wheels}/{shard}")) {
            candidate(builder, &format!("{wheels}/{shard}/{digest}/{package}"));
        }
    }
}

/// Sdists: by name from registries and indexes; url, path and git shards by the name in
/// their revisions' metadata, as uv matches them.
fn sdists_of(builder: &mut Builder<'_>, sdists: &str, package: &str) {
    let root = builder.root();
    candidate(builder, &format!("{sdists}/pypi/{package}"));
    for (digest, _) in list(root, &format!("{sdists}/index")) {
        candidate(builder, &format!("{sdists}/index/{digest}/{package}"));
    }
    for shard in ["url", "path"] {
        for (digest, is_dir) in list(root, &format!("{sdists}/{shard}")) {
            let shard_dir = format!("{sdists}/{shard}/{digest}");
            let matches = |(rev, d): &(String, bool)| {
                *d && metadata_matches(root, &format!("{shard_dir}/{rev}"), package)
            };
            if is_dir && list(root, &shard_dir).iter().any(matches) {
                builder.add(shard_dir, Reason::PackageMatch);
            }
        }
    }
    for (repo, _) in list(root, &format!("{sdists}/git")) {
        for (sha, is_dir) in list(root, &format!("{sdists}/git/{repo}")) {
            let dir = format!("{sdists}/git/{repo}/{sha}");
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
