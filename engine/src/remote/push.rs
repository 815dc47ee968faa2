//! `push`: the entries a policy keeps (by default `ci`: wheels built from source), each with
//! the archives it links to, uploaded as content-addressed objects and then one manifest.
//!
//! The cache is read under uv's lock held shared, as every uv command holds it: installs go
//! on, a `clean` waits. What the policy's base pass would remove inside a kept entry (the
//! unpacked sources of a built wheel, for `prune --ci`) is not pushed, except its links to
//! unzipped wheels and their archives, which spare the pulling runner a revalidation. The remote is listed
//! once; objects and manifests already there are not sent again.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::cache::entry::{Entry, EntryKind, Status};
use crate::cache::inventory::{self, Inventory};
use crate::cache::layout::{self, BucketSet};
use crate::cache::links::{LinkTarget, resolve_link};
use crate::cache::lock::{self, LockMode};
use crate::error::{Error, Result};
use crate::platform::builder::Builder;
use crate::policy::{Clock, Policy, Verdict, evaluate, free_space};
use crate::progress::Progress;
use crate::remote::manifest::{self, FORMAT, FileRecord, Manifest};
use crate::remote::store::Remote;
use crate::remote::trust::{SecretKey, Statement};
use crate::remote::{Traffic, codec, platform};

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
    /// Who pushes, recorded in manifests (see [`who`]).
    pub pushed_by: String,
    /// Told the bytes to send and each part sent.
    pub progress: &'a dyn Progress,
    /// The key that signs every manifest pushed or found present ([`crate::remote::trust`]).
    pub signing_key: Option<&'a SecretKey>,
    /// The ref the push comes from, recorded in the signatures.
    pub git_ref: Option<String>,
    /// The cache's inventory when the caller has it (from the index, without a walk); else
    /// the push walks the cache.
    pub inventory: Option<&'a Inventory>,
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
            walked = Inventory::take(
                root,
                &inventory::Options {
                    buckets: options.buckets,
                    progress: options.progress,
                    ..inventory::Options::default()
                },
            )?;
            &walked
        }
    };
    let evaluation = evaluate(options.policy, inventory, Clock::system(), free_space(root));
    let excluded: HashSet<&str> = evaluation
        .plan
        .items
        .iter()
        .map(|i| i.path.as_str())
        .collect();
    let selected: Vec<&Entry> = evaluation
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
    let mut report = PushReport::default();
    // How objects and manifests rest: the remote's `compression` (pulls read either).
    let compression = remote.spec.compression.unwrap_or_default();
    let pushed_by = options.pushed_by.clone();
    let pushed_at = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    // Each entry's files, listed without reading them; hashed only when the remote does not
    // know this exact state (its fingerprint).
    let known: HashMap<String, String> = remote
        .list("fingerprints")?
        .iter()
        .filter_map(|o| manifest::parse_fingerprint_name(&o.name))
        .map(|(fp, id)| (fp.to_string(), id.to_string()))
        .collect();
    let mut manifests = Vec::new();
    // What each hashed file was when hashed, by path: its upload trusts the hash while it is so.
    let mut hashed: HashMap<String, Unchanged> = HashMap::new();
    let mut fingerprints = Vec::new();
    for entry in selected {
        let described = describe(root, entry, &excluded).and_then(|(mut files, archives)| {
            let tags = tags(&entry.path, &files);
            let builder = Builder::here(&tags);
            let fingerprint = manifest::fingerprint(&entry.path, &builder, &files);
            let stamps = if known.contains_key(&fingerprint) {
                Vec::new()
            } else {
                hash_files(root, &mut files)?
            };
            Ok((files, archives, fingerprint, tags, builder, stamps))
        });
        let (files, archives, fingerprint, tags, builder, stamps) = match described {
            Ok(d) => d,
            Err(e) => {
                report.errors.push(format!("{}: {e}", entry.path));
                continue;
            }
        };
        hashed.extend(stamps);
        let manifest = Manifest {
            format: FORMAT,
            entry: entry.path.clone(),
            bucket: entry
                .bucket
                .map(|b| b.prefix().to_string())
                .unwrap_or_default(),
            bucket_version: entry.bucket_version.unwrap_or_default(),
            uv_release: options.uv_release.clone(),
            kind: entry.kind.name().to_string(),
            source: entry.source.map(|s| s.name().to_string()),
            package: entry.package.clone(),
            version: entry.version.clone(),
            platform: platform(),
            tags,
            builder: Some(builder),
            archives,
            size: files.iter().map(|f| f.size).sum(),
            files,
            pushed_by: pushed_by.clone(),
            pushed_at: pushed_at.clone(),
        };
        if let Some(id) = known.get(&fingerprint) {
            // Its objects and manifest are there: counted as skipped, none of it read.
            report.traffic.skipped_objects +=
                1 + manifest.files.iter().filter(|f| f.link.is_none()).count() as u64;
            report.traffic.skipped_bytes += manifest.size;
            report.entries.push(PushedEntry {
                manifest,
                id: id.clone(),
                outcome: PushOutcome::Present,
            });
            continue;
        }
        fingerprints.push(fingerprint);
        manifests.push(manifest);
    }
    // What the remote holds, listed only when something is to be pushed: a second push of
    // unchanged entries reads no listing but the fingerprints' (the objects' listing is the
    // longest: on WebDAV, most of such a push's time).
    let (existing, existing_manifests): (HashMap<String, u64>, HashSet<String>) =
        if manifests.is_empty() {
            Default::default()
        } else {
            let objects = remote.list("objects")?;
            let names = remote.list("manifests")?;
            (
                objects.into_iter().map(|o| (o.name, o.size)).collect(),
                names.into_iter().map(|o| o.name).collect(),
            )
        };
    // Each distinct object once, from the first file that has it.
    let mut wanted: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for manifest in &manifests {
        for file in &manifest.files {
            if let Some(hash) = &file.sha256 {
                wanted
                    .entry(hash.clone())
                    .or_insert_with(|| (file.path.clone(), file.size));
            }
        }
    }
    let mut to_send = Vec::new();
    for (hash, (path, size)) in &wanted {
        if let Some(stored) = existing.get(&format!("objects/{hash}")) {
            report.traffic.skipped_objects += 1;
            report.traffic.skipped_bytes += size;
            report.stored_bytes += stored;
        } else {
            to_send.push((hash.clone(), path.clone(), *size));
        }
    }
    let mut failed: HashSet<String> = HashSet::new();
    if !options.dry_run {
        options
            .progress
            .transferring(to_send.iter().map(|(_, _, s)| s).sum());
        let (hashed, compression) = (&hashed, compression);
        let uploads = to_send.iter().map(|(hash, path, size)| {
            let upload = async move {
                // Read, checked and compressed on the runtime's blocking threads, so that
                // several files are compressed at once while others are in flight.
                let (file, name) = (root.join(path), hash.clone());
                let was = hashed.get(path).copied();
                let stored = tokio::task::spawn_blocking(move || {
                    let bytes = read_verified(&file, &name, was)?;
                    codec::encode(bytes, compression).map_err(|e| Error::io(&file, e))
                })
                .await
                .map_err(|e| Error::Remote {
                    remote: remote.name().to_string(),
                    message: format!("compressing `{path}`: {e}"),
                })??;
                let wire = stored.len() as u64;
                remote.put(&format!("objects/{hash}"), stored).await?;
                options.progress.transferred(*size);
                Ok(wire)
            };
            (hash.clone(), upload)
        });
        let before = report.traffic.bytes;
        failed = send_all(remote, uploads, &mut report);
        report.stored_bytes += report.traffic.bytes - before;
    } else {
        report.traffic.objects = to_send.len() as u64;
        report.traffic.bytes = to_send.iter().map(|(_, _, s)| s).sum();
    }
    // Manifests last: an entry becomes visible only once all of its objects are there.
    let mut manifest_puts = Vec::new();
    let mut fingerprint_puts = Vec::new();
    for (manifest, fingerprint) in manifests.into_iter().zip(fingerprints) {
        let id = manifest.id();
        let broken = manifest
            .files
            .iter()
            .any(|f| f.sha256.as_ref().is_some_and(|h| failed.contains(h)));
        let outcome = if broken {
            PushOutcome::Failed
        } else if existing_manifests.contains(&manifest.object_name()) {
            report.traffic.skipped_objects += 1;
            PushOutcome::Present
        } else {
            manifest_puts.push(manifest.clone());
            PushOutcome::Pushed
        };
        if outcome != PushOutcome::Failed {
            fingerprint_puts.push(manifest::fingerprint_name(&fingerprint, &id));
        }
        report.entries.push(PushedEntry {
            manifest,
            id,
            outcome,
        });
    }
    if !options.dry_run {
        let uploads = manifest_puts.iter().map(|m| {
            let upload = async move {
                let json = serde_json::to_vec_pretty(m).map_err(|e| Error::Remote {
                    remote: remote.name().to_string(),
                    message: e.to_string(),
                })?;
                let stored =
                    codec::encode(Bytes::from(json), compression).map_err(|e| Error::Remote {
                        remote: remote.name().to_string(),
                        message: format!("compressing a manifest: {e}"),
                    })?;
                let size = stored.len() as u64;
                remote.put(&m.object_name(), stored).await?;
                Ok(size)
            };
            (m.id(), upload)
        });
        let before = report.traffic.bytes;
        let failed = send_all(remote, uploads, &mut report);
        report.stored_bytes += report.traffic.bytes - before;
        for entry in report.entries.iter_mut().filter(|e| failed.contains(&e.id)) {
            entry.outcome = PushOutcome::Failed;
        }
        // Last, the fingerprints of what the remote now has: the next push of these states
        // reads no file.
        fingerprint_puts.retain(|name| {
            manifest::parse_fingerprint_name(name).is_some_and(|(_, id)| !failed.contains(id))
        });
        let uploads = fingerprint_puts.iter().map(|name| {
            let upload = async move {
                remote.put(name, Bytes::new()).await?;
                Ok(0)
            };
            (name.clone(), upload)
        });
        send_all(remote, uploads, &mut report);
        if let Some(key) = options.signing_key {
            sign_all(
                remote,
                key,
                options.git_ref.clone(),
                &pushed_at,
                &mut report,
            )?;
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

/// Signs every manifest the push wrote or found, unless this key already signed it: separate
/// immutable objects, so other keys' signatures stay.
fn sign_all(
    remote: &Remote,
    key: &SecretKey,
    git_ref: Option<String>,
    pushed_at: &str,
    report: &mut PushReport,
) -> Result<()> {
    let existing: HashSet<String> = remote
        .list("signatures")?
        .into_iter()
        .map(|o| o.name)
        .collect();
    let mut records = Vec::new();
    for entry in report
        .entries
        .iter()
        .filter(|e| e.outcome != PushOutcome::Failed)
    {
        let record = key.sign(Statement {
            manifest: entry.id.clone(),
            pushed_by: entry.manifest.pushed_by.clone(),
            pushed_at: pushed_at.to_string(),
            git_ref: git_ref.clone(),
        });
        let name = record.object_name().map_err(|message| Error::Remote {
            remote: remote.name().to_string(),
            message,
        })?;
        if !existing.contains(&name) {
            records.push((name, record));
        }
    }
    let uploads = records.iter().map(|(name, record)| {
        let upload = async move {
            let json = serde_json::to_vec_pretty(record).map_err(|e| Error::Remote {
                remote: remote.name().to_string(),
                message: e.to_string(),
            })?;
            let size = json.len() as u64;
            remote.put(name, Bytes::from(json)).await?;
            Ok(size)
        };
        (name.clone(), upload)
    });
    let failed = send_all(remote, uploads, report);
    report.signed = records.len().saturating_sub(failed.len()) as u64;
    Ok(())
}

/// Runs the uploads, adding what they sent to the report's traffic and their errors to its
/// errors; returns the keys of those that failed.
fn send_all(
    remote: &Remote,
    uploads: impl Iterator<Item = (String, impl std::future::Future<Output = Result<u64>>)>,
    report: &mut PushReport,
) -> HashSet<String> {
    let failed = remote.run_all(uploads, &mut report.traffic);
    failed
        .into_iter()
        .map(|(key, e)| {
            report.errors.push(e.to_string());
            key
        })
        .collect()
}

/// The files of an entry and of the archives it links to, hashed; and those archives.
fn describe(
    root: &Path,
    entry: &Entry,
    excluded: &HashSet<&str>,
) -> Result<(Vec<FileRecord>, Vec<String>)> {
    let mut files = Vec::new();
    let mut archives = BTreeSet::new();
    for member in layout::member_paths(&entry.path, entry.members) {
        collect(root, &member, excluded, &mut files, &mut archives)?;
    }
    for archive in archives.clone() {
        let mut inner = BTreeSet::new();
        collect(root, &archive, &HashSet::new(), &mut files, &mut inner)?;
        if !inner.is_empty() {
            return Err(Error::StoreEntry {
                entry: root.join(&archive),
                message: "an archive that links to other archives is not pushed".into(),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, archives.into_iter().collect()))
}

/// Records `rel` (a file, a link into the archive bucket, or a directory, recursively).
fn collect(
    root: &Path,
    rel: &str,
    excluded: &HashSet<&str>,
    files: &mut Vec<FileRecord>,
    archives: &mut BTreeSet<String>,
) -> Result<()> {
    let path = root.join(rel);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    // Links into the archive bucket go even where the base pass would remove them: uv uses an
    // unzipped built wheel as it is, while for a bare `.whl` it first revalidates the sdist
    // over HTTP and rebuilds when the index answers "modified" (seen with uv 0.13.9's own
    // `prune --ci`).
    let link = meta.file_type().is_symlink();
    if !link && layout::path_and_ancestors(rel).any(|p| excluded.contains(p)) {
        return Ok(());
    }
    if link {
        let target = std::fs::read_link(&path).map_err(|e| Error::io(&path, e))?;
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        return match resolve_link(root, dir, &target.to_string_lossy()) {
            LinkTarget::Archive(archive) => {
                files.push(FileRecord {
                    path: rel.to_string(),
                    size: 0,
                    sha256: None,
                    executable: false,
                    link: Some(archive.clone()),
                    modified: None,
                });
                archives.insert(archive);
                Ok(())
            }
            _ => Err(Error::OutsideRoot(path)),
        };
    }
    if meta.is_dir() {
        let mut children: Vec<String> = std::fs::read_dir(&path)
            .map_err(|e| Error::io(&path, e))?
            .map(|c| c.map(|c| c.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::io(&path, e))?;
        children.sort();
        for child in children {
            collect(root, &format!("{rel}/{child}"), excluded, files, archives)?;
        }
        return Ok(());
    }
    #[cfg(unix)]
    let executable = {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    };
    #[cfg(not(unix))]
    let executable = false;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok());
    // Hashed later, only if the remote does not know this state of the entry.
    files.push(FileRecord {
        path: rel.to_string(),
        size: meta.len(),
        sha256: None,
        executable,
        link: None,
        modified,
    });
    Ok(())
}

/// Fills in the SHA-256 of every file that is not a link, several files at once, and returns
/// what each file was when hashed; a file whose size changed since it was listed is an error
/// (the entry is being written).
fn hash_files(root: &Path, files: &mut [FileRecord]) -> Result<Vec<(String, Unchanged)>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks_mut(chunk)
            .map(|part| {
                scope.spawn(move || -> Result<Vec<(String, Unchanged)>> {
                    let mut stamps = Vec::new();
                    for file in part.iter_mut().filter(|f| f.link.is_none()) {
                        let path = root.join(&file.path);
                        let (sha256, stamp) = hash_file(&path)?;
                        if stamp.size != file.size {
                            return Err(changed(path));
                        }
                        file.sha256 = Some(sha256);
                        stamps.push((file.path.clone(), stamp));
                    }
                    Ok(stamps)
                })
            })
            .collect();
        let mut stamps = Vec::new();
        for worker in workers {
            stamps.extend(worker.join().unwrap_or(Err(Error::Interrupted))?);
        }
        Ok(stamps)
    })
}

fn changed(path: std::path::PathBuf) -> Error {
    Error::StoreEntry {
        entry: path,
        message: "changed while it was being pushed".into(),
    }
}

/// What shows that a file still holds the bytes that were hashed, without hashing them again:
/// its inode, size, and modification and change times. Any write moves the change time, which
/// no program can set back (uv never rewrites a file once renamed into place). Re-hashing every
/// object before sending it was a third of a first push's CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unchanged {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Unchanged {
    /// The stamp of the open `file` (at `path`).
    fn now(file: &std::fs::File, path: &Path) -> Result<Unchanged> {
        use std::os::unix::fs::MetadataExt;
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        Ok(Unchanged {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }
}

/// SHA-256 of a file, read in chunks, and what it was while read (a write meanwhile is an
/// error).
fn hash_file(path: &Path) -> Result<(String, Unchanged)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let before = Unchanged::now(&file, path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    if Unchanged::now(&file, path)? != before || size != before.size {
        return Err(changed(path.to_path_buf()));
    }
    Ok((crate::store::hex(&hasher.finalize()), before))
}

/// A file's bytes, as they were when hashed for the manifest: unchanged since (`hashed`), or
/// else hashed again and checked.
fn read_verified(path: &Path, hash: &str, hashed: Option<Unchanged>) -> Result<Bytes> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let before = Unchanged::now(&file, path)?;
    let mut bytes = Vec::with_capacity(before.size as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let same = hashed
        .is_some_and(|h| h == before && Unchanged::now(&file, path).is_ok_and(|after| after == h));
    if !same && crate::store::hex(&Sha256::digest(&bytes)) != hash {
        return Err(changed(path.to_path_buf()));
    }
    Ok(Bytes::from(bytes))
}

/// The wheel tags of an entry: of its stem (wheels bucket) or of its `.whl` files and links.
fn tags(entry: &str, files: &[FileRecord]) -> Vec<String> {
    let mut tags: BTreeSet<String> = BTreeSet::new();
    let name = entry.rsplit('/').next().unwrap_or(entry);
    if let Some(t) = manifest::wheel_tags(name) {
        tags.insert(t);
    }
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        if (name.ends_with(".whl") || file.link.is_some())
            && let Some(t) = manifest::wheel_tags(name)
        {
            tags.insert(t);
        }
    }
    tags.into_iter().collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_sent_as_hashed_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("mod.py");
        std::fs::write(&path, b"print('built')\n").unwrap();
        let (hash, was) = hash_file(&path).unwrap();
        assert_eq!(was.size, 15);
        // Unchanged since hashed: its bytes, trusted by its stamp.
        let bytes = read_verified(&path, &hash, Some(was)).unwrap();
        assert_eq!(&bytes[..], b"print('built')\n");
        // The same bytes written again (times moved): hashed again, and still sent.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"print('built')\n").unwrap();
        assert!(read_verified(&path, &hash, Some(was)).is_ok());
        // Other bytes of the same size, even with the old modification time put back: the
        // change time moved, so it is hashed again and refused.
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, b"print('pwned')\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let err = read_verified(&path, &hash, Some(was)).unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        // Without a stamp, the hash decides.
        assert!(read_verified(&path, &hash, None).is_err());
    }
}
