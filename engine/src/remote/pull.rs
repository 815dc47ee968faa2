//! `pull`: the remote's entries this runner can use (the target release's bucket versions, a
//! platform the wheels run on), each brought in whole or not at all.
//!
//! Every file is downloaded into a staging folder at the cache root (uvcache's `.tmp-uvcache-`
//! prefix, so an interrupted pull's leftovers are collected like any trash of uvcache's, and on
//! the same file system, so the final step is a rename) and checked against its SHA-256 while
//! it is written. Only then is uv's lock taken, exclusively and only for the renames: each
//! archive under its own id (so the entry's links stay valid), then the entry, its pointer
//! files last (they are what makes uv see a hit). An entry the cache already has, or an
//! archive id it already holds, is never overwritten, and nothing is placed through a link:
//! every folder on the way from the cache root to a placed path is a real folder, created by
//! the pull where missing.
//!
//! Among the pushes of one entry, only signed times order: a trusted signature outranks any
//! unsigned push (taken only with `--trust-unsigned`), and among unsigned pushes the store's
//! own write times order, which a writer can move to "now" but never into the future.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cache::layout::BucketSet;
use crate::cache::lock::{self, LockMode};
use crate::error::{Error, RemoteFailure, Result};
use crate::progress::Progress;
use crate::remote::Traffic;
use crate::remote::catalog;
use crate::remote::download::{IN_FLIGHT, Job, Writers, download};
use crate::remote::fit::{self, Targets};
use crate::remote::manifest::Manifest;
use crate::remote::place::{
    Stage, make_links, place, present, remove_dead_stages, scaffold, unmake,
};
use crate::remote::store::Remote;
use crate::remote::trust::Trust;
use crate::remote::uses;

/// How to pull.
pub struct PullOptions<'a> {
    /// Only these packages (normalized names), if any.
    pub packages: &'a [String],
    /// The target release's buckets: only entries of these bucket versions are pulled.
    pub buckets: &'static BucketSet,
    /// Whether the target release writes absolute archive links.
    pub absolute_links: bool,
    /// This machine and the interpreters entries are judged for ([`fit`]): found on another
    /// thread while the remote's manifests are read (asking an interpreter starts a process).
    pub targets: &'a (dyn Fn() -> Targets + Sync),
    /// Plan only.
    pub dry_run: bool,
    /// How long to wait for uv's lock.
    pub lock_timeout: std::time::Duration,
    /// Proceed into a folder that is not a uv cache.
    pub force: bool,
    /// Told the bytes to receive and each part received.
    pub progress: &'a dyn Progress,
    /// Whose signatures count ([`crate::remote::trust`]).
    pub trust: &'a Trust,
}

/// What happened to one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullOutcome {
    /// Written into the cache (or would be, in a dry run).
    Pulled,
    /// The cache already has the entry (or one of its archive ids): left as it is.
    Present,
    /// Not written: why.
    Failed(String),
}

impl PullOutcome {
    /// Lowercase name.
    pub fn name(&self) -> &'static str {
        match self {
            PullOutcome::Pulled => "pulled",
            PullOutcome::Present => "present",
            PullOutcome::Failed(_) => "failed",
        }
    }
}

/// One entry of a pull.
#[derive(Debug, Clone)]
pub struct PulledEntry {
    /// Its manifest.
    pub manifest: Manifest,
    /// The manifest's id.
    pub id: String,
    /// What happened.
    pub outcome: PullOutcome,
    /// The trusted key whose signature made it chosen (`NAME-<short id>`); `None`: unsigned.
    pub signed_by: Option<String>,
}

/// The result of a pull.
#[derive(Debug, Default)]
pub struct PullReport {
    /// The entries this runner can use, one manifest per entry path (the newest push).
    pub entries: Vec<PulledEntry>,
    /// Objects received.
    pub traffic: Traffic,
    /// Manifests that could not be read or were refused, and entries skipped for another
    /// bucket version or platform.
    pub problems: Vec<String>,
    /// Entries of other bucket versions or platforms, not pulled.
    pub not_usable: usize,
    /// Of those, the ones of this release's bucket versions (another Python, libc or
    /// platform), with the reason, for the packages asked for: `(manifest, reason)`.
    pub unfit: Vec<(Manifest, String)>,
    /// Manifests no trusted key signed (from an accepted ref), not pulled.
    pub untrusted: usize,
    /// Entries taken though no trusted key signed them (`--trust-unsigned`).
    pub unsigned: usize,
    /// What entries were judged for (none when the pull stopped before judging).
    pub targets: Option<Targets>,
}

/// Pulls what the cache at `root` can use from `remote`.
pub fn pull(root: &Path, remote: &Remote, options: &PullOptions<'_>) -> Result<PullReport> {
    let mut report = PullReport::default();
    // A folder that is empty, or holds only uv's lock (a uv waiting for it creates it first),
    // is a cache not yet filled; `check_is_cache` also accepts the lock beside uvcache's trash,
    // pulls' stages included.
    if root.exists() && !options.force {
        let unfilled = std::fs::read_dir(root)
            .map_err(|e| Error::io(root, e))?
            .flatten()
            .all(|c| c.file_name() == lock::LOCK_FILE);
        if !unfilled {
            crate::cache::layout::check_is_cache(root)?;
        }
    }
    let trust = options.trust;
    if trust.keys.is_empty() && !trust.unsigned {
        return Err(Error::Remote {
            remote: remote.name().to_string(),
            reason: RemoteFailure::NoTrustedKey,
        });
    }
    let (listing, targets) = std::thread::scope(|scope| {
        let targets = scope.spawn(|| (options.targets)());
        (catalog::read(remote), targets.join())
    });
    let targets = targets.map_err(|_| Error::Interrupted)?;
    report.targets = Some(targets.clone());
    let targets = &targets;
    let listing = listing?;
    report.problems = listing.problems.clone();
    let chosen = choose(&listing, options, targets, &mut report);
    let mut entries: Vec<PulledEntry> = chosen
        .into_values()
        .map(|c| PulledEntry {
            outcome: if present(root, &c.manifest) {
                PullOutcome::Present
            } else {
                PullOutcome::Pulled
            },
            manifest: c.manifest,
            id: c.id,
            signed_by: c.signed_by,
        })
        .collect();
    report.unsigned = entries.iter().filter(|e| e.signed_by.is_none()).count();
    if report.unsigned > 0 {
        report.problems.push(format!(
            "{} entr{} taken unsigned (--trust-unsigned): whoever can write to the remote chose \
             {}; a signed push of the same entry would have been taken instead",
            report.unsigned,
            if report.unsigned == 1 { "y" } else { "ies" },
            if report.unsigned == 1 { "it" } else { "them" }
        ));
    }
    if options.dry_run {
        for entry in entries.iter().filter(|e| e.outcome == PullOutcome::Pulled) {
            report.traffic.objects += entry.manifest.files.len() as u64;
            report.traffic.bytes += entry.manifest.size;
        }
        report.entries = entries;
        return Ok(report);
    }
    if entries.iter().all(|e| e.outcome != PullOutcome::Pulled) {
        report.entries = entries;
        return Ok(report);
    }
    // A pull into a folder it creates leaves nothing there unless it places an entry.
    let created = !root.exists();
    std::fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
    let stage = Stage::new(root)?;
    download_all(remote, &stage, &mut entries, options, &mut report);
    if remote.interrupted() {
        // Nothing was placed: the stage goes with everything downloaded, and a folder this
        // pull created goes too.
        drop(stage);
        if created {
            unmake(root);
        }
        return Err(Error::Interrupted);
    }
    place_all(root, &stage, &mut entries, options)?;
    drop(stage);
    if created && !entries.iter().any(|e| e.outcome == PullOutcome::Pulled) {
        unmake(root);
    }
    report.entries = entries;
    Ok(report)
}

/// Downloads every file of the entries to pull into the stage, checking each hash as it is
/// written; an entry a file of which did not arrive intact is failed, with why.
fn download_all(
    remote: &Remote,
    stage: &Stage,
    entries: &mut [PulledEntry],
    options: &PullOptions<'_>,
    report: &mut PullReport,
) {
    // Download every file of every entry to pull, checking each hash as it is written.
    let jobs: Vec<Job> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.outcome == PullOutcome::Pulled)
        .flat_map(|(i, e)| {
            let dir = stage.path.join(i.to_string());
            e.manifest.files.iter().filter_map(move |f| {
                Some(Job {
                    index: i,
                    path: dir.join(&f.path),
                    hash: f.sha256.clone()?,
                    size: f.size,
                    executable: f.executable,
                    entry: e.manifest.entry.clone(),
                })
            })
        })
        .collect();
    options
        .progress
        .transferring(jobs.iter().map(|j| j.size).sum());
    let ids: Vec<Option<&str>> = entries
        .iter()
        .map(|e| (e.outcome == PullOutcome::Pulled).then_some(e.id.as_str()))
        .collect();
    let fetched = fetch(remote, &ids, &jobs, options.progress, &mut report.traffic);
    report.problems.extend(fetched.unrecorded);
    for (i, e) in fetched.failed {
        if entries[i].outcome == PullOutcome::Pulled {
            let why = match e {
                Error::Integrity { .. } => format!("refused: {e}"),
                Error::Remote { .. } => {
                    format!("not downloaded (the store or the network failed): {e}")
                }
                _ => format!("not written: {e}"),
            };
            entries[i].outcome = PullOutcome::Failed(why);
        }
    }
}

/// Renames the staged entries into the cache under uv's exclusive lock, taken only for the
/// renames: links first made in the stage as the target release writes them; an entry the
/// cache has by now is left as it is.
fn place_all(
    root: &Path,
    stage: &Stage,
    entries: &mut [PulledEntry],
    options: &PullOptions<'_>,
) -> Result<()> {
    for (i, entry) in entries.iter_mut().enumerate() {
        if entry.outcome == PullOutcome::Pulled
            && let Err(e) = make_links(
                &stage.path.join(i.to_string()),
                &entry.manifest,
                root,
                options.absolute_links,
            )
        {
            entry.outcome = PullOutcome::Failed(e.to_string());
        }
    }
    // Into place, under uv's lock, only for the renames.
    let lock = lock::acquire(
        root,
        LockMode::Exclusive,
        options.lock_timeout,
        false,
        &|| {},
    )?;
    remove_dead_stages(root, &stage.path);
    let mut scaffolded = false;
    for (i, entry) in entries.iter_mut().enumerate() {
        if entry.outcome != PullOutcome::Pulled {
            continue;
        }
        if present(root, &entry.manifest) {
            entry.outcome = PullOutcome::Present;
            continue;
        }
        if !scaffolded {
            scaffold(root)?;
            scaffolded = true;
        }
        if let Err(e) = place(&stage.path.join(i.to_string()), root, &entry.manifest) {
            entry.outcome = PullOutcome::Failed(e.to_string());
        }
    }
    drop(lock);
    Ok(())
}

/// One push of an entry, as a candidate for the pull.
struct Candidate {
    /// Signed (by a trusted key) before unsigned, then the later time.
    rank: (bool, std::time::SystemTime),
    id: String,
    manifest: Manifest,
    signed_by: Option<String>,
}

/// The newest trusted push of each entry this runner can use, by entry path. Pushes are
/// ordered by the time their accepted signature vouches for; with `--trust-unsigned`, unsigned
/// ones only among themselves (by the store's write time) and below any signed one.
fn choose(
    listing: &catalog::Listing,
    options: &PullOptions<'_>,
    targets: &Targets,
    report: &mut PullReport,
) -> BTreeMap<String, Candidate> {
    let trust = options.trust;
    let mut chosen: BTreeMap<String, Candidate> = BTreeMap::new();
    for (id, manifest) in &listing.manifests {
        let wanted = options.packages.is_empty()
            || manifest
                .package
                .as_ref()
                .is_some_and(|p| options.packages.contains(p));
        let judged = fit::judge(manifest, options.buckets, targets);
        if !judged.usable {
            report.not_usable += 1;
            if wanted && manifest.status(options.buckets) == crate::Status::Live {
                let reason = judged.reason.unwrap_or_default();
                report.unfit.push((manifest.clone(), reason));
            }
            continue;
        }
        let candidate = match listing.vouched(id, trust) {
            Some(vouch) => Candidate {
                rank: (true, vouch.at),
                id: id.clone(),
                manifest: manifest.clone(),
                signed_by: Some(vouch.key.id()),
            },
            None if trust.unsigned => Candidate {
                rank: (false, listing.stored_at(id)),
                id: id.clone(),
                manifest: manifest.clone(),
                signed_by: None,
            },
            None => {
                report.untrusted += 1;
                continue;
            }
        };
        if !wanted {
            continue;
        }
        match chosen.get(&manifest.entry) {
            Some(known) if (known.rank, &known.id) >= (candidate.rank, &candidate.id) => {}
            _ => {
                chosen.insert(manifest.entry.clone(), candidate);
            }
        }
    }
    chosen
}

/// What [`fetch`] did.
struct Fetched {
    /// Entries (by index) whose files did not all arrive intact, with the first error.
    failed: Vec<(usize, Error)>,
    /// Use records that could not be written.
    unrecorded: Vec<String>,
}

/// Downloads every job into the stage, [`IN_FLIGHT`] at a time. Once all files of an
/// entry (`ids[i]` is its manifest id) have arrived and been checked, its use record
/// ([`uses`]) goes out among the remaining downloads: written after the last download instead,
/// a thousand records were one more round of requests at the end of every cold pull.
fn fetch(
    remote: &Remote,
    ids: &[Option<&str>],
    jobs: &[Job],
    progress: &dyn Progress,
    traffic: &mut Traffic,
) -> Fetched {
    use futures_util::future::{FutureExt, LocalBoxFuture};
    use futures_util::stream::{FuturesUnordered, StreamExt};

    enum Done {
        File(usize, Result<u64>),
        Record(Result<()>),
    }
    let now = std::time::SystemTime::now();
    let mut remaining = vec![0usize; ids.len()];
    for job in jobs {
        remaining[job.index] += 1;
    }
    // Entries with nothing to download (links only) are fetched already.
    let mut records: std::collections::VecDeque<usize> = (0..ids.len())
        .filter(|&i| ids[i].is_some() && remaining[i] == 0)
        .collect();
    let mut fetched = Fetched {
        failed: Vec::new(),
        unrecorded: Vec::new(),
    };
    let mut broken = vec![false; ids.len()];
    let writers = &Writers::new();
    remote.block_on(async {
        let mut queue = jobs.iter();
        let mut running: FuturesUnordered<LocalBoxFuture<'_, Done>> = FuturesUnordered::new();
        loop {
            while running.len() < IN_FLIGHT {
                if let Some(id) = records.pop_front().and_then(|i| ids[i]) {
                    running.push(
                        async move { Done::Record(uses::record(remote, id, now).await) }
                            .boxed_local(),
                    );
                } else if let Some(job) = queue.next() {
                    running.push(
                        async move {
                            Done::File(job.index, download(remote, job, writers, progress).await)
                        }
                        .boxed_local(),
                    );
                } else {
                    break;
                }
            }
            let Some(done) = running.next().await else {
                break;
            };
            let i = match done {
                Done::Record(result) => {
                    if let Err(e) = result {
                        fetched
                            .unrecorded
                            .push(format!("the pull's use record was not written: {e}"));
                    }
                    continue;
                }
                Done::File(i, Ok(bytes)) => {
                    traffic.objects += 1;
                    traffic.bytes += bytes;
                    i
                }
                Done::File(i, Err(e)) => {
                    if !broken[i] {
                        broken[i] = true;
                        fetched.failed.push((i, e));
                    }
                    i
                }
            };
            remaining[i] -= 1;
            if remaining[i] == 0 && !broken[i] {
                records.push_back(i);
            }
        }
    });
    fetched
}
