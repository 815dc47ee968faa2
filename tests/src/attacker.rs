//! A writer of the store without a signing key (a pull request's CI job holding the bucket's
//! credentials), played against a real remote.
//!
//! The store starts with two honest signed pushes of two built wheels (the second a fixed
//! build of the first wheel, so that a rollback to the older signed build would show) and a
//! rogue unsigned push of a changed build, plus a pull's use records and an object of the kind
//! older uvcaches wrote (`fingerprints/`). Then, for every object of every kind, each mutation a
//! writer can make: add one (its bytes under a new name that names the other side's manifest),
//! replace its bytes with another's, rename it or copy it under another object's name, delete
//! it, rewrite it (which moves its time), and on a `file://` store also set its time far into
//! the future and the past; for manifests and signatures also a forged field. After each, the
//! honest cache pushes again with its key, `prune --remote` runs with a budget that fits the
//! current honest build (trusting that key), and a fresh cache pulls trusting only that key:
//!
//! - every signature by the honest key names a manifest the honest cache hashed itself;
//! - every file the pull placed has the honest cache's current bytes at the same path (or the
//!   entry is absent: deleting is the one thing a writer may do, and the honest push repairs
//!   what it can): never the rogue's, never the older signed build's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use uvcache::cache::layout::releases::releases;
use uvcache::policy::builtin;
use uvcache::progress::Silent;
use uvcache::remote::Remote;
use uvcache::remote::pull::{PullOptions, pull};
use uvcache::remote::push::{PushOptions, push};
use uvcache::remote::trust::{SecretKey, SignatureRecord, Trust};

/// The object folders of a remote, and the marker.
const DIRS: [&str; 5] = ["manifests", "signatures", "objects", "uses", "fingerprints"];

/// What the harness ran.
#[derive(Debug, Default)]
pub struct Tally {
    /// Mutations tried, each followed by an honest push and a pull.
    pub cases: usize,
    /// Of those, cases after which the pull placed both honest entries.
    pub honest_pulled: usize,
    /// Cases after which the pull placed less (a deletion's denial of service, or a refusal).
    pub denied: usize,
}

/// One mutation of one object.
#[derive(Debug, Clone)]
enum Mutation {
    Add { name: String, from: String },
    Replace { name: String, with: String },
    Rename { name: String, to: String },
    Copy { name: String, to: String },
    Delete { name: String },
    Rewrite { name: String },
    SetTime { name: String, seconds: u64 },
    Forge { name: String },
}

/// The world the harness plays in.
pub struct Attacker<'a> {
    remote: &'a Remote,
    /// The store's folder for a `file://` remote (times can be set there).
    local: Option<PathBuf>,
    work: PathBuf,
    honest: PathBuf,
    key: SecretKey,
    honest_ids: BTreeSet<String>,
    snapshot: BTreeMap<String, Bytes>,
    /// The bytes of the honest cache's current build of both wheels.
    current: u64,
    cases: usize,
}

fn push_options<'p>(
    policy: &'p uvcache::policy::Policy,
    key: Option<&'p SecretKey>,
    records: Option<&'p Path>,
) -> PushOptions<'p> {
    PushOptions {
        policy,
        packages: &[],
        buckets: &releases().release_str("0.13.9").expect("0.13.9").buckets,
        uv_release: "0.13.9".into(),
        dry_run: false,
        lock_timeout: std::time::Duration::from_secs(30),
        pushed_by: "ci@main".into(),
        progress: &Silent,
        signing_key: key,
        git_ref: Some("refs/heads/main".into()),
        inventory: None,
        records,
    }
}

fn no_python() -> uvcache::remote::fit::Targets {
    uvcache::remote::fit::Targets::new(Vec::new())
}

impl<'a> Attacker<'a> {
    /// Fills `remote` (empty) with the starting state, working in `work`.
    pub fn new(remote: &'a Remote, local: Option<&Path>, work: &Path) -> Attacker<'a> {
        let honest = work.join("honest");
        crate::synth::built_wheels(&honest, 2, 8).expect("honest cache");
        let rogue = work.join("rogue");
        crate::run(
            std::process::Command::new("cp")
                .arg("-a")
                .arg(&honest)
                .arg(&rogue),
        );
        let planted = first_module(&rogue);
        let mut text = std::fs::read(&planted).expect("module");
        text.extend_from_slice(b"\nimport os  # the rogue's line\n");
        std::fs::write(&planted, text).expect("plant");
        let key = SecretKey::generate("ci-main").expect("key");
        let policy = builtin("ci").expect("ci policy");
        let records = work.join("records");
        let mut honest_ids = BTreeSet::new();
        for round in ["first build", "fixed build"] {
            if round == "fixed build" {
                let module = first_module(&honest);
                let mut text = std::fs::read(&module).expect("module");
                text.extend_from_slice(b"\n# the fix of the second honest build\n");
                std::fs::write(&module, text).expect("fix");
                std::thread::sleep(std::time::Duration::from_millis(1100)); // a later signed time
            }
            let pushed = push(
                &honest,
                remote,
                &push_options(&policy, Some(&key), Some(&records)),
            )
            .expect("honest push");
            honest_ids.extend(pushed.entries.iter().map(|e| e.id.clone()));
        }
        assert_eq!(
            honest_ids.len(),
            3,
            "two builds of one wheel, one of the other"
        );
        let rogue_push = push(&rogue, remote, &push_options(&policy, None, None)).expect("rogue");
        let rogue_id = rogue_push
            .entries
            .iter()
            .find(|e| e.outcome == uvcache::remote::push::PushOutcome::Pushed)
            .expect("the rogue's changed build is a new manifest")
            .id
            .clone();
        let mut attacker = Attacker {
            remote,
            local: local.map(Path::to_path_buf),
            work: work.to_path_buf(),
            honest,
            key,
            honest_ids,
            snapshot: BTreeMap::new(),
            current: 0,
            cases: 0,
        };
        attacker.current = attacker.current_size();
        // A pull's use records, and a fingerprint object as older uvcaches wrote them.
        attacker.pull_trusting_honest("seed");
        remote
            .write_object(
                &format!("fingerprints/{}.{rogue_id}", "ab".repeat(32)),
                Bytes::new(),
            )
            .expect("fingerprint");
        attacker.snapshot = attacker.objects();
        attacker
    }

    /// Every object of the remote, by name.
    fn objects(&self) -> BTreeMap<String, Bytes> {
        let mut all = BTreeMap::new();
        for dir in DIRS {
            for object in self.remote.list(dir).expect("list") {
                let bytes = self.remote.read_object(&object.name).expect("read");
                all.insert(object.name, bytes);
            }
        }
        if let Ok(marker) = self.remote.read_object("remote") {
            all.insert("remote".into(), marker);
        }
        all
    }

    /// Puts the remote back in the starting state.
    fn restore(&self) {
        let now = self.objects();
        let extra: Vec<String> = now
            .keys()
            .filter(|n| !self.snapshot.contains_key(*n))
            .cloned()
            .collect();
        for result in self.remote.delete_all(&extra) {
            result.expect("delete");
        }
        for (name, bytes) in &self.snapshot {
            if now.get(name) != Some(bytes) || self.local.is_some() {
                self.remote
                    .write_object(name, bytes.clone())
                    .expect("restore");
            }
        }
    }

    /// The mutations of every object (`all`), or of the first object of each folder.
    fn mutations(&self, all: bool) -> Vec<Mutation> {
        let names: Vec<&String> = self.snapshot.keys().collect();
        let mut out = Vec::new();
        let mut seen_dirs = BTreeSet::new();
        for (i, name) in names.iter().enumerate() {
            let dir = name.split('/').next().unwrap_or("");
            if !all && !seen_dirs.insert(dir.to_string()) {
                continue;
            }
            let same_dir: Vec<&&String> = names
                .iter()
                .filter(|n| n.split('/').next() == Some(dir) && **n != *name)
                .collect();
            let partner = same_dir
                .get(i % same_dir.len().max(1))
                .map(|n| (**n).clone())
                .unwrap_or_else(|| format!("{name}.other"));
            let name = (*name).clone();
            out.push(Mutation::Add {
                name: self.swapped(&name),
                from: name.clone(),
            });
            out.push(Mutation::Replace {
                name: name.clone(),
                with: partner.clone(),
            });
            out.push(Mutation::Rename {
                name: name.clone(),
                to: partner.clone(),
            });
            out.push(Mutation::Copy {
                name: name.clone(),
                to: partner,
            });
            out.push(Mutation::Delete { name: name.clone() });
            out.push(Mutation::Rewrite { name: name.clone() });
            if self.local.is_some() {
                out.push(Mutation::SetTime {
                    name: name.clone(),
                    seconds: 4_070_908_800, // 2099-01-01
                });
                out.push(Mutation::SetTime {
                    name: name.clone(),
                    seconds: 86_400,
                });
            }
            if dir == "manifests" || dir == "signatures" {
                out.push(Mutation::Forge { name });
            }
        }
        out
    }

    /// `name` with the manifest id in it swapped for another manifest's (an honest id for a
    /// rogue one and back); a name without an id gets a new one.
    fn swapped(&self, name: &str) -> String {
        let ids: Vec<String> = self
            .snapshot
            .keys()
            .filter_map(|n| n.strip_prefix("manifests/")?.strip_suffix(".json"))
            .map(str::to_string)
            .collect();
        for id in &ids {
            if name.contains(id.as_str()) {
                let other = ids.iter().find(|o| *o != id).expect("two manifests");
                return name.replace(id.as_str(), other);
            }
        }
        format!("{name}0")
    }

    fn apply(&self, mutation: &Mutation) {
        let r = self.remote;
        let bytes = |n: &str| self.snapshot.get(n).cloned().unwrap_or_default();
        match mutation {
            Mutation::Add { name, from } => r.write_object(name, bytes(from)).expect("add"),
            Mutation::Replace { name, with } => r.write_object(name, bytes(with)).expect("replace"),
            Mutation::Rename { name, to } => {
                r.write_object(to, bytes(name)).expect("rename");
                r.delete_all(std::slice::from_ref(name));
            }
            Mutation::Copy { name, to } => r.write_object(to, bytes(name)).expect("copy"),
            Mutation::Delete { name } => {
                r.delete_all(std::slice::from_ref(name));
            }
            Mutation::Rewrite { name } => r.write_object(name, bytes(name)).expect("rewrite"),
            Mutation::SetTime { name, seconds } => {
                let path = self
                    .local
                    .as_ref()
                    .expect("a local store")
                    .join(uvcache::remote::ROOT)
                    .join(name);
                let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(*seconds);
                std::fs::File::options()
                    .write(true)
                    .open(&path)
                    .and_then(|f| f.set_modified(at))
                    .expect("set time");
            }
            Mutation::Forge { name } => r.write_object(name, forged(&bytes(name))).expect("forge"),
        }
    }

    /// Pulls into a fresh cache trusting only the honest key; checks every placed file against
    /// the honest cache; returns how many entries were placed.
    fn pull_trusting_honest(&self, label: &str) -> usize {
        let target = self.work.join(format!("pulled-{label}"));
        let trust = Trust {
            keys: vec![self.key.public()],
            unsigned: false,
            accept_refs: Vec::new(),
        };
        let report = pull(
            &target,
            self.remote,
            &PullOptions {
                packages: &[],
                buckets: &releases().release_str("0.13.9").expect("0.13.9").buckets,
                absolute_links: false,
                targets: &no_python,
                dry_run: false,
                lock_timeout: std::time::Duration::from_secs(30),
                force: false,
                progress: &Silent,
                trust: &trust,
            },
        );
        let placed = report.as_ref().map_or(0, |r| {
            r.entries
                .iter()
                .filter(|e| e.outcome == uvcache::remote::pull::PullOutcome::Pulled)
                .count()
        });
        for file in files(&target) {
            let rel = file.strip_prefix(&target).expect("inside");
            let honest = std::fs::read(self.honest.join(rel));
            let pulled = std::fs::read(&file).expect("pulled file");
            assert!(
                honest.is_ok_and(|h| h == pulled),
                "{label}: {} is not the honest cache's",
                rel.display()
            );
        }
        let _ = std::fs::remove_dir_all(&target);
        placed
    }

    /// `prune --remote` trusting the honest key, with a budget that fits the current honest
    /// build of both wheels: the rogue's and the older build go, whatever the writer did to
    /// use records and times.
    fn prune_to_budget(&self, label: &str) {
        let budget = self.current + 1;
        let mut policy = builtin("default").expect("default policy");
        policy.rules = uvcache::policy::parse(
            &format!("[[rules]]\naction = \"evict\"\nmax-size = \"{budget}B\"\n"),
            "budget",
            "budget.toml",
            "file",
        )
        .expect("budget")
        .rules;
        policy.base = uvcache::policy::Base::None;
        let trust = Trust {
            keys: vec![self.key.public()],
            ..Trust::default()
        };
        let pruned = uvcache::remote::prune::prune(
            self.remote,
            &uvcache::remote::prune::RemotePruneOptions {
                policy: &policy,
                buckets: &releases().release_str("0.13.9").expect("0.13.9").buckets,
                clock: uvcache::policy::Clock::system(),
                grace: std::time::Duration::ZERO,
                dry_run: false,
                trust: &trust,
            },
        );
        if let Ok(pruned) = pruned {
            for kept in pruned
                .decisions
                .iter()
                .filter(|d| d.verdict == uvcache::policy::Verdict::Keep)
            {
                assert!(
                    self.honest_ids.contains(&kept.id),
                    "{label}: prune kept {} over the honest builds",
                    kept.id
                );
            }
        }
    }

    /// The bytes of the honest cache's current build of both wheels as pushes count them.
    fn current_size(&self) -> u64 {
        let policy = builtin("ci").expect("ci policy");
        let report = push(
            &self.honest,
            self.remote,
            &PushOptions {
                dry_run: true,
                ..push_options(&policy, None, None)
            },
        )
        .expect("dry run");
        report.entries.iter().map(|e| e.manifest.size).sum()
    }

    /// Every signature the honest key made names a manifest the honest cache hashed.
    fn check_signatures(&self, label: &str) {
        let public = self.key.public().to_string();
        for object in self.remote.list("signatures").expect("list") {
            let Ok(bytes) = self.remote.read_object(&object.name) else {
                continue;
            };
            let Ok(record) = serde_json::from_slice::<SignatureRecord>(&bytes) else {
                continue;
            };
            if record.key == public && record.verified_key().is_ok() {
                assert!(
                    self.honest_ids.contains(&record.statement.manifest),
                    "{label}: the honest key signed {}, which it never hashed",
                    record.statement.manifest
                );
            }
        }
    }

    /// Runs every mutation (`all`), or one object of each folder, each followed by the honest
    /// push and a pull.
    pub fn run(mut self, all: bool) -> Tally {
        let policy = builtin("ci").expect("ci policy");
        let records = self.work.join("records");
        let mut tally = Tally::default();
        for (i, mutation) in self.mutations(all).into_iter().enumerate() {
            if self.local.is_none() {
                // WebDAV and S3 listings give whole seconds: a writer acting in the same second
                // as the last honest push is the one case a push does not re-check
                // (docs/remote-trust.md); here the writer acts in a later second.
                next_second();
            }
            self.restore();
            self.apply(&mutation);
            let label = format!("case {i} {mutation:?}");
            // Every other push hashes (no record), the others answer from this machine's record.
            let records = (i % 2 == 0).then_some(records.as_path());
            let pushed = push(
                &self.honest,
                self.remote,
                &push_options(&policy, Some(&self.key), records),
            );
            for entry in pushed.iter().flat_map(|r| &r.entries) {
                assert!(
                    self.honest_ids.contains(&entry.id),
                    "{label}: pushed {}",
                    entry.id
                );
            }
            self.check_signatures(&label);
            self.prune_to_budget(&label);
            let placed = self.pull_trusting_honest(&i.to_string());
            self.cases += 1;
            tally.cases += 1;
            if placed == 2 {
                tally.honest_pulled += 1;
            } else {
                tally.denied += 1;
            }
        }
        tally
    }
}

/// A forged field: a manifest claiming a later push, a signature vouching for a later time.
fn forged(bytes: &[u8]) -> Bytes {
    let json = uvcache::remote::codec::decode_all(bytes, 1 << 30).unwrap_or_default();
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&json) else {
        return Bytes::copy_from_slice(bytes);
    };
    if let Some(object) = value.as_object_mut() {
        object.insert("pushed_at".into(), "2099-01-01T00:00:00Z".into());
    }
    Bytes::from(serde_json::to_vec(&value).unwrap_or_default())
}

/// The first module of the first built wheel's archive.
fn first_module(cache: &Path) -> PathBuf {
    let mut modules: Vec<PathBuf> = files(&cache.join("archive-v0"))
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("/built00000/mod0.py"))
        .collect();
    modules.sort();
    modules.into_iter().next().expect("a module of built00000")
}

/// Every regular file below `dir` (links not followed), but uv's and uvcache's own scaffold.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            out.extend(files(&path));
        } else if kind.is_file()
            && ![".lock", ".gitignore", ".git", "CACHEDIR.TAG"].contains(&name.as_str())
        {
            out.push(path);
        }
    }
    out
}

/// Sleeps until the wall clock has passed the next whole second.
fn next_second() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let rest = 1_000_000_000 - u64::from(now.subsec_nanos());
    std::thread::sleep(std::time::Duration::from_nanos(rest + 5_000_000));
}
