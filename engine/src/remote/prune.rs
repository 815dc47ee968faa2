//! `prune --remote`: the same policies as a local prune (age, size budget, keep-latest), over
//! a remote's entries, planned and dry-runnable.
//!
//! Each manifest is one entry: its size is its files', its last use the later of its push and
//! the last pull that placed it ([`uses`]). Its push time is the newest time a trusted key
//! signed for it; an entry no trusted key signed has no time anyone vouches for, and when keys
//! are trusted it goes before any trusted entry: if the policy would evict a trusted entry
//! while an untrusted one stays, every untrusted entry is evicted and the policy runs again over
//! the trusted ones alone. With no trusted key, every entry is judged by the store's own write
//! times (of its manifest and its use records), which on S3 and WebDAV a writer can move to
//! "now", never later. Among the trusted pushes of one entry the newest are kept first, so that
//! use records (anyone's to write) never make a prune roll an entry back.
//!
//! A policy whose base is uv's prune also removes entries of bucket versions older than the
//! target release's (no runner of that release can use them); entries of newer buckets are
//! never touched. Manifests go first, with their signatures and use records; then objects no
//! remaining manifest names, and signatures, use records and objects of older formats that name
//! no manifest, except those written within the grace period (a push still uploading).

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
use crate::remote::manifest::Manifest;
use crate::remote::store::Remote;
use crate::remote::trust::Trust;
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
    /// Whose signatures count, as for a pull.
    pub trust: &'a Trust,
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
    /// The trusted key whose signature vouches for it (`NAME-<short id>`); `None`: untrusted.
    pub signed_by: Option<String>,
    /// The time that key signed; for an entry judged without keys, the store's write time.
    pub pushed_at: Option<SystemTime>,
    /// The last pull that placed it.
    pub last_pulled: Option<SystemTime>,
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
    let listing = catalog::read(remote)?;
    let mut report = RemotePruneReport {
        problems: listing.problems.clone(),
        ..RemotePruneReport::default()
    };
    let uses = uses::read(remote)?;
    let judged = judge_all(&listing, &uses, options.trust);
    let evaluated = decide(&judged, options);
    report.problems.extend(evaluated.warnings);
    let kept_ids: HashSet<&str> = evaluated
        .decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Keep)
        .map(|d| d.id.as_str())
        .collect();
    let referenced: HashSet<&str> = listing
        .manifests
        .iter()
        .filter(|(id, _)| kept_ids.contains(id.as_str()))
        .flat_map(|(_, m)| m.files.iter().filter_map(|f| f.sha256.as_deref()))
        .collect();
    let evicted: Vec<&RemoteDecision> = evaluated
        .decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Evict)
        .collect();
    let mut names: Vec<String> = evicted.iter().map(|d| d.manifest.object_name()).collect();
    report.manifests_removed = names.len() as u64;
    let mut garbage = Vec::new();
    if listing.unreadable == 0 {
        let evicted_ids: HashSet<&str> = evicted.iter().map(|d| d.id.as_str()).collect();
        let now = SystemTime::now();
        let old = |modified: SystemTime| {
            now.duration_since(modified).unwrap_or_default() >= options.grace
        };
        names.extend(uses.garbage(&|id| kept_ids.contains(id)));
        names.extend(
            listing
                .refused
                .iter()
                .filter(|(_, at)| old(*at))
                .map(|(name, _)| name.clone()),
        );
        names.extend(companions(remote, &kept_ids, &evicted_ids, &old)?);
        for object in remote.list("objects")? {
            let hash = object.name.trim_start_matches("objects/");
            if referenced.contains(hash) {
                continue;
            }
            if !old(object.modified) {
                report.objects_in_grace += 1;
                continue;
            }
            report.bytes_removed += object.size;
            garbage.push(object.name);
        }
    } else {
        report.problems.push(format!(
            "{} manifest(s) could not be read: no object was collected",
            listing.unreadable
        ));
    }
    report.objects_removed = garbage.len() as u64;
    if !options.dry_run {
        for result in remote
            .delete_all(&names)
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

/// The signatures of manifests that are gone (evicted now, or absent and older than the
/// grace: a push writes its signatures after its manifest), the fingerprints older formats
/// wrote, and the manifests this build refuses for an older format or a content that is not
/// their name, once older than the grace.
fn companions(
    remote: &Remote,
    kept: &HashSet<&str>,
    evicted: &HashSet<&str>,
    old: &dyn Fn(SystemTime) -> bool,
) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for object in remote.list("signatures")? {
        let id = object
            .name
            .strip_prefix("signatures/")
            .and_then(|n| n.split('.').next())
            .unwrap_or("");
        if evicted.contains(id) || (!kept.contains(id) && old(object.modified)) {
            names.push(object.name);
        }
    }
    for object in remote.list("fingerprints")? {
        if old(object.modified) {
            names.push(object.name);
        }
    }
    Ok(names)
}

/// A manifest with what prune judges it by.
struct Judged<'a> {
    id: &'a str,
    manifest: &'a Manifest,
    /// Trusted, or judged without keys.
    trusted: bool,
    signed_by: Option<String>,
    pushed_at: Option<SystemTime>,
    last_pulled: Option<SystemTime>,
}

/// Each manifest's times: the newest trusted signature's, else (with no trusted key) the
/// store's write time; an untrusted entry's when keys are trusted count for nothing.
fn judge_all<'a>(listing: &'a Listing, uses: &Uses, trust: &Trust) -> Vec<Judged<'a>> {
    listing
        .manifests
        .iter()
        .map(|(id, manifest)| {
            let vouch = listing.vouched(id, trust);
            let keyless = trust.keys.is_empty();
            Judged {
                id,
                manifest,
                trusted: vouch.is_some() || keyless,
                signed_by: vouch.as_ref().map(|v| v.key.id()),
                pushed_at: match &vouch {
                    Some(v) => Some(v.at),
                    None if keyless || trust.unsigned => Some(listing.stored_at(id)),
                    None => None,
                },
                last_pulled: uses
                    .last
                    .get(id.as_str())
                    .copied()
                    .filter(|_| vouch.is_some() || keyless || trust.unsigned),
            }
        })
        .collect()
}

struct Decided {
    decisions: Vec<RemoteDecision>,
    warnings: Vec<String>,
}

/// Every manifest's verdict: the policy over all of them; and if that evicts a trusted entry
/// while keeping an untrusted one, every untrusted entry goes and the policy runs again over the
/// trusted ones alone.
fn decide(judged: &[Judged<'_>], options: &RemotePruneOptions<'_>) -> Decided {
    let all: Vec<&Judged<'_>> = judged.iter().collect();
    let mut decided = decide_among(&all, options);
    let trusted_evicted = decided
        .decisions
        .iter()
        .zip(judged)
        .any(|(d, j)| j.trusted && d.verdict == Verdict::Evict);
    let untrusted_kept = decided
        .decisions
        .iter()
        .zip(judged)
        .any(|(d, j)| !j.trusted && d.verdict == Verdict::Keep);
    if trusted_evicted && untrusted_kept {
        let trusted: Vec<&Judged<'_>> = judged.iter().filter(|j| j.trusted).collect();
        let mut again = decide_among(&trusted, options).decisions.into_iter();
        for (decision, j) in decided.decisions.iter_mut().zip(judged) {
            if j.trusted {
                if let Some(d) = again.next() {
                    *decision = d;
                }
            } else {
                decision.verdict = Verdict::Evict;
                decision.reason = "untrusted: goes before any trusted entry".into();
            }
        }
    }
    newest_first(&mut decided.decisions, judged);
    decided
        .decisions
        .sort_by(|a, b| (&a.manifest.entry, &a.id).cmp(&(&b.manifest.entry, &b.id)));
    decided
}

/// Among the trusted pushes of one entry, the kept ones are the newest by signed time: use
/// records, which anyone who can write may add, can keep an entry from being pruned, never make
/// a prune evict a newer signed build while an older one of the same entry stays (a rollback).
fn newest_first(decisions: &mut [RemoteDecision], judged: &[Judged<'_>]) {
    let mut by_entry: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, j) in judged.iter().enumerate() {
        if j.trusted {
            by_entry
                .entry(j.manifest.entry.as_str())
                .or_default()
                .push(i);
        }
    }
    for mut pushes in by_entry.into_values().filter(|p| p.len() > 1) {
        pushes.sort_by(|a, b| {
            (judged[*b].pushed_at, judged[*b].id).cmp(&(judged[*a].pushed_at, judged[*a].id))
        });
        let kept = pushes
            .iter()
            .filter(|&&i| decisions[i].verdict == Verdict::Keep)
            .count();
        for (rank, &i) in pushes.iter().enumerate() {
            let verdict = if rank < kept {
                Verdict::Keep
            } else {
                Verdict::Evict
            };
            if decisions[i].verdict != verdict {
                decisions[i].reason = if verdict == Verdict::Keep {
                    "kept before an older push of the same entry".into()
                } else {
                    "an older push of an entry whose newer push is kept".into()
                };
                decisions[i].verdict = verdict;
            }
        }
    }
}

/// The verdicts over `judged`, in its order: outdated buckets first (when the policy has a
/// base pass), then the policy's rules over the rest, as over a local inventory.
fn decide_among(judged: &[&Judged<'_>], options: &RemotePruneOptions<'_>) -> Decided {
    let mut decisions: Vec<Option<RemoteDecision>> = judged.iter().map(|_| None).collect();
    let mut rest = Vec::new();
    for (i, j) in judged.iter().enumerate() {
        let status = j.manifest.status(options.buckets);
        if status == Status::Outdated && options.policy.base != Base::None {
            decisions[i] = Some(decision(
                j,
                Verdict::Evict,
                "base: bucket of an older uv".into(),
            ));
        } else {
            rest.push((i, status));
        }
    }
    let entries: Vec<Entry> = rest
        .iter()
        .map(|&(i, status)| as_entry(judged[i], status))
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
    // The inventory's entries are `rest`, in the same order.
    for d in evaluation.decisions {
        let i = rest[d.entry].0;
        let mut reason = d.reason;
        if !judged[i].trusted && d.verdict == Verdict::Evict {
            reason = format!("untrusted, no time vouched for: {reason}").into();
        }
        decisions[i] = Some(decision(judged[i], d.verdict, reason));
    }
    Decided {
        decisions: decisions.into_iter().flatten().collect(),
        warnings: evaluation.warnings,
    }
}

fn decision(j: &Judged<'_>, verdict: Verdict, reason: Arc<str>) -> RemoteDecision {
    RemoteDecision {
        id: j.id.to_string(),
        manifest: j.manifest.clone(),
        verdict,
        reason,
        signed_by: j.signed_by.clone(),
        pushed_at: j.pushed_at,
        last_pulled: j.last_pulled,
    }
}

/// A manifest as an inventory entry, for the policy: its size, and as last use the later of
/// its push and its last pull (with neither vouched for: the epoch, older than any other). The path
/// carries the id, so that two pushes of one entry path are two entries.
fn as_entry(j: &Judged<'_>, status: Status) -> Entry {
    let (id, manifest) = (j.id, j.manifest);
    let pushed = j.pushed_at;
    let last_use = pushed.max(j.last_pulled).or(Some(SystemTime::UNIX_EPOCH));
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
