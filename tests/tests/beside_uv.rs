//! uv's own commands beside uvcache's deletions. While a uvcache `clean`, `prune` or
//! `prune --ci` is still deleting what it took out of uv's view (held there by
//! `UVCACHE_OP_PAUSE`), real uv's `cache size`, `cache prune`, `cache clean` and an offline
//! install run on the same cache: each exits 0 without waiting for uvcache, `cache size`
//! already sees the end state, and uvcache's summary is the one uv prints when it runs alone.
//! With the store on another file system the trees wait at the root under uv's lock held
//! shared: installs run, uv's `clean` waits for the deletion. A uvcache killed mid-deletion
//! leaves nothing that uv's `prune` and `clean` trip over.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use uvcache::removal::TRASH_PREFIX;
use uvcache_e2e::synth::{Spec, generate};
use uvcache_e2e::{
    RealCache, du_while_deleted, offline_install, run, scratch, uv_cache_size, uv_cmd, uvcache_op,
};

/// uvcache's operation, uv's arguments for the same, and packages that stay installable.
const OPERATIONS: [(&str, &[&str], &[&str]); 3] = [
    ("clean", &["clean"], &[]),
    ("prune", &["prune"], &["six"]),
    ("prune-ci", &["prune", "--ci"], &[]),
];

/// The last line uv printed: its summary.
fn summary(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

/// uvcache's `.tmp-uvcache-*` folders directly in `dir`.
fn parked(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(TRASH_PREFIX))
                .collect()
        })
        .unwrap_or_default()
}

/// A `uvcache-op` run stopped in the middle of deleting its parked trees.
struct Paused {
    child: Child,
    signal: PathBuf,
}

impl Paused {
    fn start(op: &str, cache: &Path, store: &Path) -> Paused {
        let signal = cache.with_extension("go");
        let reached = cache.with_extension("go.reached");
        let _ = std::fs::remove_file(&signal);
        let _ = std::fs::remove_file(&reached);
        let mut child = Command::new(uvcache_op())
            .arg(op)
            .arg(cache)
            .env("UVCACHE_STORE_DIR", store)
            .env("UVCACHE_OP_PAUSE", &signal)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start uvcache-op");
        let start = Instant::now();
        while !reached.exists() {
            if let Some(status) = child.try_wait().expect("uvcache-op") {
                panic!("{op} ended ({status}) before deleting anything parked");
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{op} never got to deleting"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        Paused { child, signal }
    }

    fn still_deleting(&mut self) -> bool {
        self.child.try_wait().expect("uvcache-op").is_none()
    }

    /// Lets the deletion finish; returns uvcache's summary.
    fn finish(self) -> String {
        std::fs::write(&self.signal, b"").expect("signal");
        let out = self.child.wait_with_output().expect("uvcache-op");
        assert!(
            out.status.success(),
            "uvcache-op failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

/// What every prune finds in a used cache: an archive nothing links to any more (a package
/// upgraded) and a staging folder a killed install left, each a tree of files.
fn add_debris(cache: &Path) {
    for dir in ["archive-v0/DEBRISarchive01/pkg", ".tmpDEBRIS/pkg"] {
        let dir = cache.join(dir);
        std::fs::create_dir_all(dir.join("sub")).expect("debris");
        for i in 0..20 {
            std::fs::write(dir.join(format!("sub/m{i}.py")), vec![b'x'; 5000]).expect("debris");
        }
    }
}

/// The 150k-file synthetic cache of the benchmarks, made once per run of this test binary.
fn synthetic() -> &'static Path {
    static SYNTH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SYNTH.get_or_init(|| {
        let dir = scratch("synth-150k").join("cache");
        generate(&dir, &Spec::with_files(150_000)).expect("synthetic cache");
        add_debris(&dir);
        dir
    })
}

fn copy(source: &Path, name: &str) -> PathBuf {
    RealCache::get().copy_of(source, name)
}

/// One operation on one cache, uv alone and uvcache with uv's commands beside its deletion.
fn beside(name: &str, source: &Path, (op, uv_args, kept): (&str, &[&str], &[&str])) {
    let work = &RealCache::get().dir;
    let alone = copy(source, &format!("{name}-{op}-alone"));
    let uv_alone = summary(&run(uv_cmd(&alone, work).arg("cache").args(uv_args)));
    let size_alone = uv_cache_size(&alone);

    let cache = copy(source, &format!("{name}-{op}-beside"));
    // On the cache's file system, as uvcache's store usually is (~/.cache/uvcache).
    let store = work.join(format!("store-{name}-{op}"));
    let _ = std::fs::remove_dir_all(&store);
    let mut paused = Paused::start(op, &cache, &store);
    assert!(
        parked(&cache).is_empty(),
        "{name} {op}: trees parked where uv looks"
    );
    assert_eq!(
        parked(&store).len(),
        1,
        "{name} {op}: one park folder in the store"
    );
    // What uv sees is what it leaves alone, give or take a directory block; the trees still
    // waiting in the store are far more than that. The deletion's other workers may still be
    // removing files until they too reach the pause.
    let waiting = du_while_deleted(&store);
    let seen = uv_cache_size(&cache);
    assert!(
        waiting > 16 * 4096 && seen.abs_diff(size_alone) < waiting / 2,
        "{name} {op}: `uv cache size` says {seen}, uv alone leaves {size_alone}, {waiting} bytes \
         wait in the store"
    );
    if !kept.is_empty() {
        offline_install(&cache, work, kept)
            .unwrap_or_else(|e| panic!("{name} {op}: install beside the deletion: {e}"));
    }
    for args in [&["prune"][..], &["clean"]] {
        run(uv_cmd(&cache, work)
            .env("UV_LOCK_TIMEOUT", "1")
            .arg("cache")
            .args(args));
    }
    assert!(
        paused.still_deleting(),
        "{name} {op}: uv's commands did not run during the deletion"
    );
    assert_eq!(paused.finish(), uv_alone, "{name} {op}: summary");
    assert!(parked(&store).is_empty(), "{name} {op}: park folder left");
}

#[test]
fn uv_runs_beside_deletions_of_a_real_cache() {
    let source = RealCache::get().copy("beside-source");
    add_debris(&source);
    for operation in OPERATIONS {
        beside("real", &source, operation);
    }
}

#[test]
fn uv_runs_beside_deletions_of_150k_files() {
    for operation in OPERATIONS {
        beside("synth", synthetic(), (operation.0, operation.1, &[]));
    }
}

/// A store on another file system (tmpfs): the trees wait at the root, and uv's lock is held
/// shared while they are deleted. Installs run; uv's `clean` waits, then succeeds.
#[test]
fn with_the_store_elsewhere_uv_waits_for_the_deletion() {
    use std::os::unix::fs::MetadataExt;
    let real = RealCache::get();
    let store = PathBuf::from("/dev/shm").join(format!("uvcache-store-{}", std::process::id()));
    std::fs::create_dir_all(&store).expect("a store on tmpfs");
    let device = |p: &Path| std::fs::metadata(p).expect("stat").dev();
    assert_ne!(
        device(&store),
        device(&real.dir),
        "/dev/shm is the cache's file system"
    );
    let (op, uv_args, kept) = OPERATIONS[1];
    let source = real.copy("elsewhere-source");
    add_debris(&source);
    let alone = real.copy_of(&source, "elsewhere-alone");
    let uv_alone = summary(&run(uv_cmd(&alone, &real.dir).arg("cache").args(uv_args)));
    let cache = real.copy_of(&source, "elsewhere-beside");
    let mut paused = Paused::start(op, &cache, &store);
    assert!(parked(&store).is_empty(), "nothing crosses file systems");
    assert_eq!(parked(&cache).len(), 1, "one park folder at the root");
    offline_install(&cache, &real.dir, kept).expect("install beside the deletion");
    let clean = uv_cmd(&cache, &real.dir)
        .env("UV_LOCK_TIMEOUT", "120")
        .args(["cache", "clean"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("uv cache clean");
    std::thread::sleep(Duration::from_secs(1));
    assert!(paused.still_deleting());
    assert_eq!(paused.finish(), uv_alone, "summary");
    let clean = clean.wait_with_output().expect("uv cache clean");
    let said = String::from_utf8_lossy(&clean.stderr);
    assert!(clean.status.success(), "uv cache clean failed: {said}");
    assert!(
        said.contains("waiting for other uv processes"),
        "uv's clean did not wait for the deletion: {said}"
    );
    assert!(parked(&cache).is_empty());
    let _ = std::fs::remove_dir_all(&store);
}

/// Killed in the middle of deleting, with its trees in the store or at the root: uv's own
/// `prune` and `clean`, run before any uvcache, both succeed; the next uvcache run deletes what
/// the killed one left in the store.
#[test]
fn uv_runs_after_a_kill_mid_deletion() {
    let real = RealCache::get();
    for in_store in [true, false] {
        let name = if in_store { "store" } else { "root" };
        let cache = real.copy(&format!("killed-{name}"));
        let store = real.dir.join(format!("store-killed-{name}"));
        let _ = std::fs::remove_dir_all(&store);
        let mut op = Command::new(uvcache_op());
        op.arg("clean")
            .arg(&cache)
            .env("UVCACHE_OP_CRASH", "mid-delete");
        if in_store {
            op.env("UVCACHE_STORE_DIR", &store);
        }
        let out = op.output().expect("uvcache-op");
        assert!(!out.status.success(), "{name}: the run did not crash");
        let left = if in_store { &store } else { &cache };
        assert_eq!(
            parked(left).len(),
            1,
            "{name}: the killed run's park folder"
        );
        for args in [&["prune"][..], &["clean"]] {
            run(uv_cmd(&cache, &real.dir).arg("cache").args(args));
        }
        run(Command::new(uvcache_op())
            .arg("prune")
            .arg(&cache)
            .env("UVCACHE_STORE_DIR", &store));
        assert!(parked(&store).is_empty(), "{name}: left in the store");
        assert!(parked(&cache).is_empty(), "{name}: left at the root");
    }
}
