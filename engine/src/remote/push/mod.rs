//! `push`: the entries a policy keeps (by default `ci`: wheels built from source), each with
//! the archives it links to, uploaded as content-addressed objects and then one manifest.
//!
//! The cache is read under uv's lock held shared, as every uv command holds it: installs go
//! on, a `clean` waits. What the policy's base pass would remove inside a kept entry (the
//! unpacked sources of a built wheel, for `prune --ci`) is not pushed, except its links to
//! unzipped wheels and their archives, which spare the pulling runner a revalidation. The remote is listed
//! once; objects and manifests already there are not sent again.
//!
//! What a push signs it computed itself: each entry's manifest id comes from hashing its files
//! in this run, or from [`pushed`]'s record of an earlier push on this machine that
//! hashed the same state. The remote's listings only spare uploads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::SystemTime;

use crate::cache::entry::{Entry, EntryKind, Status};
use crate::cache::inventory::Inventory;
use crate::cache::layout::BucketSet;
use crate::cache::lock::{self, LockMode};
use crate::error::{Error, Result};
use crate::policy::{Clock, Policy, Verdict, evaluate, free_space};
use crate::progress::Progress;
use crate::remote::describe::{Described, describe_all};
use crate::remote::manifest::{self, Manifest};
use crate::scan::Scan;
mod publish;

use crate::remote::pushed::Records;
use crate::remote::store::Remote;
use crate::remote::trust::SecretKey;
use crate::remote::{Traffic, upload};
use publish::{not_as_named, put_manifests, sign_all, written_since};

/// Entry kinds worth sharing: wheels. Sdists without a built wheel, editables (a checkout's
/// own code) and everything outside the wheel and sdist buckets stay local.
pub const PUSHED_KINDS: [EntryKind; 6] = [
    EntryKind::BuiltWheel,
    EntryKind::RegistryWheel,
    EntryKind::IndexWheel,
    EntryKind::UrlWheel,
    EntryKind::PathWheel,
    EntryKind::GitWheel,
];

/// How to push.
pub struct PushOptions<'a> {
    /// Which entries: those the policy keeps.
    pub policy: &'a Policy,
    /// Only these packages (normalized names), if any.
    pub packages: &'a [String],
    /// The target release's buckets.
    pub buckets: &'static BucketSet,
    /// The target release, recorded in manifests.
    pub uv_release: String,
    /// Plan only: list and compare, send nothing.
    pub dry_run: bool,
    /// How long to wait for uv's lock.
    pub lock_timeout: std::time::Duration,
    /// Who pushes, recorded in signatures (see [`who`]).
    pub pushed_by: String,
    /// Told the bytes of the files to read (and send where the remote lacks them), and each
    /// file done.
    pub progress: &'a dyn Progress,
    /// The key that signs every manifest pushed or found present ([`crate::remote::trust`]).
    pub signing_key: Option<&'a SecretKey>,
    /// The ref the push comes from, recorded in the signatures.
    pub git_ref: Option<String>,
    /// The cache's inventory when the caller has it (from the index, without a walk); else
    /// the push walks the cache.
    pub inventory: Option<&'a Inventory>,
    /// Where this machine records the states it hashed ([`pushed`]); `None` keeps no record
    /// and hashes every entry.
    pub records: Option<&'a Path>,
}

/// What happened to one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// Its manifest was written (or would be, in a dry run).
    Pushed,
    /// The remote already had identical content.
    Present,
    /// An object failed to upload: no manifest was written.
    Failed,
}

impl PushOutcome {
    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            PushOutcome::Pushed => "pushed",
            PushOutcome::Present => "present",
            PushOutcome::Failed => "failed",
        }
    }
}

/// One entry of a push.
#[derive(Debug, Clone)]
pub struct PushedEntry {
    /// Its manifest.
    pub manifest: Manifest,
    /// The manifest's id.
    pub id: String,
    /// What happened.
    pub outcome: PushOutcome,
}

/// The result of a push.
#[derive(Debug, Default)]
pub struct PushReport {
    /// Every selected entry.
    pub entries: Vec<PushedEntry>,
    /// Objects and manifests sent and skipped.
    pub traffic: Traffic,
    /// What went wrong (uploads, unreadable files); the entries concerned are `failed`.
    pub errors: Vec<String>,
    /// What the caller should know though nothing failed (a push without a signing key).
    pub warnings: Vec<String>,
    /// Signatures written (a manifest already signed by the key gets none).
    pub signed: u64,
    /// The bytes of the entries this push published (their files, uncompressed).
    pub entry_bytes: u64,
    /// What the remote holds for them: their objects as stored (compressed where that paid),
    /// those it already had included, and their manifests.
    pub stored_bytes: u64,
}

/// Pushes the selected entries of the cache at `root` to `remote`.
pub fn push(root: &Path, remote: &Remote, options: &PushOptions<'_>) -> Result<PushReport> {
    let _lock = lock::acquire(root, LockMode::Shared, options.lock_timeout, false, &|| {})?;
    let walked;
    let inventory = match options.inventory {
        Some(inventory) => inventory,
        None => {
            let reader = crate::cache::index::reader::Reader {
                root,
                set: options.buckets,
                dir: None,
                exact: true,
                scan: Scan::quiet().telling(options.progress),
            };
            walked = reader
                .walked()?
                .ok_or_else(|| Error::MissingCache(root.to_path_buf()))?
                .value;
            &walked
        }
    };
    let (selected, excluded) = select(root, inventory, options);
    let mut report = PushReport::default();
    if options.signing_key.is_none() {
        report.warnings.push(
            "no signing key (UVCACHE_SIGNING_KEY_FILE or `signing-key-file`): pulls that trust \
             keys will not take what this push sends"
                .into(),
        );
    }
    if !options.dry_run {
        remote.mark()?;
    }
    let mut records = Records::open(options.records, root);
    // Each entry's files, listed without reading them (on other threads, while the remote's
    // manifests are listed); hashed unless this machine hashed this exact state before.
    let (present, described) = std::thread::scope(|scope| {
        let excluded: HashSet<&str> = excluded.iter().map(String::as_str).collect();
        let selected = &selected;
        let uv_release = options.uv_release.as_str();
        let listing = scope.spawn(move || describe_all(root, selected, &excluded, uv_release));
        let present = remote.list("manifests").map(|listed| {
            listed
                .into_iter()
                .map(|o| (o.name, o.modified))
                .collect::<HashMap<String, SystemTime>>()
        });
        (present, listing.join().ok())
    });
    let mut present = present?;
    let described = described.ok_or(Error::Interrupted)?;
    let since = records.signed_at(&remote.spec.url);
    let known: Vec<String> = described
        .iter()
        .flatten()
        .filter_map(|d| records.id(&d.state))
        .map(|id| format!("manifests/{id}.json"))
        .collect();
    drop_junk(remote, &mut present, since, known);
    let pending = known_or_pending(
        &selected,
        described,
        &records,
        &present,
        options,
        &mut report,
    );
    let states = hash_and_publish(root, remote, options, pending, present, since, &mut report)?;
    if remote.interrupted() {
        // Entries whose objects all went are published (a later push signs them); none is
        // half visible.
        return Err(Error::Interrupted);
    }
    if !options.dry_run {
        for (entry, state) in report.entries.iter().zip(states) {
            if let Some(state) = state.filter(|_| entry.outcome != PushOutcome::Failed) {
                records.insert(&entry.manifest.entry, state, entry.id.clone());
            }
        }
        if let Some(key) = options.signing_key {
            sign_all(remote, key, options, &mut records, &mut report)?;
        }
        if let Err(e) = records.save() {
            report
                .warnings
                .push(format!("the record of what was hashed was not kept: {e}"));
        }
    }
    report.entry_bytes = report
        .entries
        .iter()
        .filter(|e| e.outcome == PushOutcome::Pushed)
        .map(|e| e.manifest.size)
        .sum();
    Ok(report)
}

/// The described entries whose state this machine hashed before and whose manifest the remote
/// lists go to the report as present, none of their files read; the others are returned, to
/// be hashed.
fn known_or_pending<'e>(
    selected: &[&'e Entry],
    described: Vec<Result<Described<'e>>>,
    records: &Records,
    present: &HashMap<String, SystemTime>,
    options: &PushOptions<'_>,
    report: &mut PushReport,
) -> Vec<Described<'e>> {
    let mut pending = Vec::new();
    for (entry, described) in selected.iter().zip(described) {
        let described = match described {
            Ok(d) => d,
            Err(e) => {
                report.errors.push(format!("{}: {e}", entry.path));
                continue;
            }
        };
        let known = records
            .id(&described.state)
            .filter(|id| present.contains_key(&format!("manifests/{id}.json")));
        match known {
            Some(id) => {
                // Its objects and manifest are there and its id is this machine's own: none
                // of it read.
                let id = id.to_string();
                let manifest = described.manifest(&options.uv_release);
                report.traffic.skipped_objects +=
                    1 + manifest.files.iter().filter(|f| f.link.is_none()).count() as u64;
                report.traffic.skipped_bytes += manifest.size;
                report.entries.push(PushedEntry {
                    manifest,
                    id,
                    outcome: PushOutcome::Present,
                });
            }
            None => pending.push(described),
        }
    }
    pending
}

/// The entries the policy keeps that a push sends, and the paths its base pass would remove
/// inside them (not sent).
fn select<'i>(
    root: &Path,
    inventory: &'i Inventory,
    options: &PushOptions<'_>,
) -> (Vec<&'i Entry>, HashSet<String>) {
    let evaluation = evaluate(options.policy, inventory, Clock::system(), free_space(root));
    let excluded: HashSet<String> = evaluation
        .plan
        .items
        .iter()
        .map(|i| i.path.clone())
        .collect();
    let selected = evaluation
        .decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Keep)
        .map(|d| &inventory.entries[d.entry])
        .filter(|e| PUSHED_KINDS.contains(&e.kind) && e.status == Status::Live)
        .filter(|e| {
            options.packages.is_empty()
                || e.package
                    .as_ref()
                    .is_some_and(|p| options.packages.contains(p))
        })
        .collect();
    (selected, excluded)
}

/// Hashes every file of the `pending` entries once (sending those whose objects the remote
/// lacks), then writes their manifests; appends each entry to the report and returns, for
/// every entry of the report in order, the state to record (`None` for those already known).
fn hash_and_publish(
    root: &Path,
    remote: &Remote,
    options: &PushOptions<'_>,
    pending: Vec<Described<'_>>,
    mut present: HashMap<String, SystemTime>,
    since: Option<SystemTime>,
    report: &mut PushReport,
) -> Result<Vec<Option<String>>> {
    let mut states: Vec<Option<String>> = report.entries.iter().map(|_| None).collect();
    if pending.is_empty() {
        return Ok(states);
    }
    let compression = remote.spec.compression.unwrap_or_default();
    // What the remote holds, listed only when something is to be hashed: the objects' listing
    // is the longest (on WebDAV, most of a push's time).
    let existing: HashMap<String, u64> = remote
        .list("objects")?
        .into_iter()
        .map(|o| (o.name, o.size))
        .collect();
    let (manifests, failed) = hash_files(root, remote, options, pending, &existing, report);
    count_existing(&manifests, &existing, options.dry_run, report);
    let names = manifests.iter().map(|(m, _)| m.object_name()).collect();
    drop_junk(remote, &mut present, since, names);
    // Manifests last: an entry becomes visible only once all of its objects are there.
    let mut manifest_puts = Vec::new();
    for (manifest, state) in manifests {
        let id = manifest.id();
        let broken = manifest
            .files
            .iter()
            .any(|f| f.sha256.as_ref().is_some_and(|h| failed.contains(h)));
        let outcome = if broken {
            PushOutcome::Failed
        } else if present.contains_key(&manifest.object_name()) {
            report.traffic.skipped_objects += 1;
            PushOutcome::Present
        } else {
            manifest_puts.push(manifest.clone());
            PushOutcome::Pushed
        };
        states.push(Some(state));
        report.entries.push(PushedEntry {
            manifest,
            id,
            outcome,
        });
    }
    if !options.dry_run {
        let failed = put_manifests(remote, &manifest_puts, compression, report);
        for entry in report.entries.iter_mut().filter(|e| failed.contains(&e.id)) {
            entry.outcome = PushOutcome::Failed;
        }
    }
    Ok(states)
}

/// Forgets the manifests among `names` that the remote lists but whose bytes are not what their
/// name says, so that the push writes them again: a writer may have put junk under an honest
/// name, which would otherwise keep every later push from repairing the entry. Manifests the
/// store shows as written no later than this machine last signed there (`since`) are taken
/// as written; the others are read and checked, `CONCURRENCY` at a time.
fn drop_junk(
    remote: &Remote,
    present: &mut HashMap<String, SystemTime>,
    since: Option<SystemTime>,
    names: Vec<String>,
) {
    let suspect: HashSet<String> = names
        .into_iter()
        .filter(|n| written_since(present.get(n), since))
        .collect();
    let junk = not_as_named(remote, suspect, |name, bytes| {
        manifest::parse(name, bytes).is_ok_and(|m| m.object_name() == name)
    });
    for name in junk {
        present.remove(&name);
    }
}

/// Reads every distinct file of the `pending` entries once: hashed, and sent when its object
/// is new. Returns each entry's manifest with its state, and the hashes whose upload failed.
fn hash_files(
    root: &Path,
    remote: &Remote,
    options: &PushOptions<'_>,
    pending: Vec<Described<'_>>,
    existing: &HashMap<String, u64>,
    report: &mut PushReport,
) -> (Vec<(Manifest, String)>, HashSet<String>) {
    let mut job_of: HashMap<String, usize> = HashMap::new();
    let mut jobs = Vec::new();
    for file in pending
        .iter()
        .flat_map(|d| &d.files)
        .filter(|f| f.link.is_none())
    {
        job_of.entry(file.path.clone()).or_insert_with(|| {
            jobs.push(upload::Job {
                path: file.path.clone(),
                size: file.size,
            });
            jobs.len() - 1
        });
    }
    let plan = upload::Plan {
        existing: existing
            .keys()
            .filter_map(|name| name.strip_prefix("objects/"))
            .map(str::to_string)
            .collect(),
        compression: remote.spec.compression.unwrap_or_default(),
        send: !options.dry_run,
    };
    let mut failed: HashSet<String> = HashSet::new();
    let mut hashes: Vec<Result<String>> = Vec::with_capacity(jobs.len());
    for result in upload::run(remote, root, &jobs, plan, options.progress) {
        hashes.push(match result {
            Ok(hashed) => {
                if let Some(wire) = hashed.sent {
                    report.traffic.objects += 1;
                    report.traffic.bytes += wire;
                    report.stored_bytes += wire;
                }
                Ok(hashed.hash)
            }
            Err(upload::Failure::Upload { hash, error }) => {
                report.errors.push(error.to_string());
                failed.insert(hash.clone());
                Ok(hash)
            }
            Err(upload::Failure::Read(e)) => Err(e),
        });
    }
    let mut manifests = Vec::new();
    'entries: for mut described in pending {
        for file in described.files.iter_mut().filter(|f| f.link.is_none()) {
            match &hashes[job_of[&file.path]] {
                Ok(hash) => file.sha256 = Some(hash.clone()),
                Err(e) => {
                    report.errors.push(format!("{}: {e}", described.entry.path));
                    continue 'entries;
                }
            }
        }
        let state = described.state.clone();
        manifests.push((described.manifest(&options.uv_release), state));
    }
    (manifests, failed)
}

/// Counts the objects the remote already had, each once; in a dry run, those it lacks are
/// what would be sent.
fn count_existing(
    manifests: &[(Manifest, String)],
    existing: &HashMap<String, u64>,
    dry_run: bool,
    report: &mut PushReport,
) {
    let mut wanted: BTreeMap<&str, u64> = BTreeMap::new();
    for file in manifests.iter().flat_map(|(m, _)| &m.files) {
        if let Some(hash) = &file.sha256 {
            wanted.entry(hash).or_insert(file.size);
        }
    }
    for (hash, size) in wanted {
        if let Some(stored) = existing.get(&format!("objects/{hash}")) {
            report.traffic.skipped_objects += 1;
            report.traffic.skipped_bytes += size;
            report.stored_bytes += stored;
        } else if dry_run {
            report.traffic.objects += 1;
            report.traffic.bytes += size;
        }
    }
}

/// `user@host` of the caller: `USER` (`USERNAME` on Windows) and the host's name.
pub fn who(env: &crate::Environment) -> String {
    let user = env
        .var("USER")
        .or_else(|| env.var("USERNAME"))
        .unwrap_or("unknown");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .or_else(|| env.var("HOSTNAME").map(str::to_string))
        .or_else(|| env.var("COMPUTERNAME").map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    format!("{user}@{host}")
}
