//! `prune --remote`: the same policies as a local prune (age, size budget, keep-latest), over
//! a remote's entries, planned and dry-runnable.
//!
//! Each manifest is one entry: its size is its files', its last use the later of its push and
//! the last pull that placed it ([`uses`]).
//! A policy whose base is uv's prune also removes entries of bucket versions older than the
//! target release's (no runner of that release can use them); entries of newer buckets are
//! never touched. Manifests go first; then objects no remaining manifest names, except those
//! written within the grace period (a push still uploading their manifest's objects).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::cache::entry::{Entry, EntryKind, LastUseSource, Source, Status};
use crate::cache::inventory::Inventory;
use crate::cache::layout::{Bucket, BucketSet};
use crate::error::Result;
use crate::policy::{Base, Clock, Policy, Verdict, evaluate};
use crate::remote::catalog::{self, Listing};
use crate::remote::manifest::{self, Manifest};
use crate::remote::store::Remote;
use crate::remote::uses::{self, Uses};

/// How to prune a remote.
pub struct RemotePruneOptions<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The target release's buckets.
    pub buckets: &'static BucketSet,
    /// "Now", for age rules.
    pub clock: Clock,
    /// Objects younger than this are kept even when unreferenced.
    pub grace: Duration,
    /// Plan only.
    pub dry_run: bool,
}

/// One entry's decision.
#[derive(Debug, Clone)]
pub struct RemoteDecision {
    /// The manifest's id.
    pub id: String,
    /// Its manifest.
    pub manifest: Manifest,
    /// Keep or evict.
    pub verdict: Verdict,
    /// Why.
    pub reason: Arc<str>,
}

/// The result of a remote prune.
#[derive(Debug, Default)]
pub struct RemotePruneReport {
    /// Every entry's decision.
    pub decisions: Vec<RemoteDecision>,
    /// Manifests deleted (or to delete).
    pub manifests_removed: u64,
    /// Objects deleted (or to delete).
    pub objects_removed: u64,
    /// Their bytes.
    pub bytes_removed: u64,
    /// Unreferenced objects kept for the grace period.
    pub objects_in_grace: u64,
    /// Manifests that could not be read, budgets not met, failed deletions.
    pub problems: Vec<String>,
}

/// Prunes `remote` by `options.policy`.
pub fn prune(remote: &Remote, options: &RemotePruneOptions<'_>) -> Result<RemotePruneReport> {
    let Listing {
        manifests,
        problems,
        unreadable,
        ..
    } = catalog::read(remote)?;
    let mut report = RemotePruneReport {
        problems,
        ..RemotePruneReport::default()
    };
    let uses = uses::read(remote)?;
    let evaluated = decide(&manifests, &uses, options);
    let (keep, evict): (Vec<_>, Vec<_>) = evaluated
        .decisions
        .iter()
        .partition(|d| d.verdict == Verdict::Keep);
    report.problems.extend(evaluated.warnings);
    let referenced: HashSet<&str> = keep
        .iter()
        .flat_map(|d| d.manifest.files.iter().filter_map(|f| f.sha256.as_deref()))
        .collect();
    let mut evicted_names: Vec<String> = evict.iter().map(|d| d.manifest.object_name()).collect();
    report.manifests_removed = evicted_names.len() as u64;
    // Fingerprints of manifests that are gone (evicted now, or never written: a push that
    // died between them) go with the manifests.
    let kept_ids: HashSet<&str> = keep.iter().map(|d| d.id.as_str()).collect();
    if unreadable == 0 {
        evicted_names.extend(uses.garbage(&|id| kept_ids.contains(id)));
        for object in remote.list("fingerprints")? {
            let stale = manifest::parse_fingerprint_name(&object.name)
                .is_none_or(|(_, id)| !kept_ids.contains(id));
            if stale {
                evicted_names.push(object.name);
            }
        }
    }
    // Objects: only when every manifest could be read, or a reference might be unknown.
    let mut garbage = Vec::new();
    if unreadable == 0 {
        let now = SystemTime::now();
        for object in remote.list("objects")? {
            let hash = object.name.trim_start_matches("objects/");
            if referenced.contains(hash) {
                continue;
            }
            let age = now.duration_since(object.modified).unwrap_or_default();
            if age < options.grace {
                report.objects_in_grace += 1;
                continue;
            }
            report.bytes_removed += object.size;
            garbage.push(object.name);
        }
    } else {
        report.problems.push(format!(
            "{unreadable} manifest(s) could not be read: no object was collected"
        ));
    }
    report.objects_removed = garbage.len() as u64;
    if !options.dry_run {
        for result in remote
            .delete_all(&evicted_names)
            .into_iter()
            .chain(remote.delete_all(&garbage))
        {
            if let Err(e) = result {
                report.problems.push(e.to_string());
            }
        }
    }
    report.decisions = evaluated.decisions;
    Ok(report)
}

struct Decided {
    decisions: Vec<RemoteDecision>,
    warnings: Vec<String>,
}

/// Every manifest's verdict: outdated buckets first (when the policy has a base pass), then
/// the policy's rules over the rest, as over a local inventory.
fn decide(
    manifests: &[(String, Manifest)],
    uses: &Uses,
    options: &RemotePruneOptions<'_>,
) -> Decided {
    let mut decisions = Vec::new();
    let mut judged = Vec::new();
    for (id, manifest) in manifests {
        let status = manifest.status(options.buckets);
        if status == Status::Outdated && options.policy.base != Base::None {
            decisions.push(RemoteDecision {
                id: id.clone(),
                manifest: manifest.clone(),
                verdict: Verdict::Evict,
                reason: "base: bucket of an older uv".into(),
            });
        } else {
            judged.push((id, manifest, status));
        }
    }
    let entries: Vec<Entry> = judged
        .iter()
        .map(|(id, m, status)| as_entry(id, m, *status, uses.last.get(id.as_str()).copied()))
        .collect();
    let inventory = Inventory {
        root: PathBuf::new(),
        total_disk: entries.iter().map(|e| e.disk).sum(),
        entries,
        top: Vec::new(),
        root_disk: 0,
        issues: Vec::new(),
    };
    let mut rules_only = options.policy.clone();
    rules_only.base = Base::None;
    let evaluation = evaluate(&rules_only, &inventory, options.clock, None);
    // The inventory's entries are `judged`, in the same order.
    for decision in evaluation.decisions {
        let (id, manifest, _) = judged[decision.entry];
        decisions.push(RemoteDecision {
            id: id.clone(),
            manifest: manifest.clone(),
            verdict: decision.verdict,
            reason: decision.reason,
        });
    }
    decisions.sort_by(|a, b| (&a.manifest.entry, &a.id).cmp(&(&b.manifest.entry, &b.id)));
    Decided {
        decisions,
        warnings: evaluation.warnings,
    }
}

/// A manifest as an inventory entry, for the policy: its size, and as last use the later of
/// its push and its last pull. The path carries the id, so that two pushes of one entry path
/// are two entries.
fn as_entry(id: &str, manifest: &Manifest, status: Status, pulled: Option<SystemTime>) -> Entry {
    let pushed = humantime::parse_rfc3339(&manifest.pushed_at).ok();
    let last_use = pushed.max(pulled);
    Entry {
        path: format!("{}@{id}", manifest.entry),
        bucket: Bucket::from_prefix(&manifest.bucket),
        bucket_version: Some(manifest.bucket_version),
        kind: EntryKind::from_name(&manifest.kind).unwrap_or(EntryKind::Unknown),
        source: manifest.source.as_deref().and_then(Source::from_name),
        package: manifest.package.clone(),
        version: manifest.version.clone(),
        digest: None,
        disk: manifest.size,
        apparent: manifest.size,
        shared: 0,
        files: manifest.files.len() as u64,
        modified: pushed,
        last_use,
        last_use_source: LastUseSource::Mtime,
        references: manifest.archives.clone(),
        external_links: Vec::new(),
        reference_links: Vec::new(),
        reclaimable: manifest.size,
        status,
        members: 1,
        used_by: None,
    }
}
