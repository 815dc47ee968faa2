//! `uvcache-op OP CACHE [PKG...]`: runs one engine operation (clean, prune, prune-ci) on CACHE,
//! for tests that need uvcache in a separate process (SIGKILL, lock contention).
//!
//! With `UVCACHE_OP_CRASH=half-park` or `=after-park` the run dies (abort, as a SIGKILL would
//! leave it) after taking half of the plan's items, or all of them, out of uv's view under the
//! lock, before deleting anything parked: the crash points of the two-step removal. With
//! `=mid-delete` the real run dies in the middle of deleting the parked trees (its progress
//! aborts at the first directory deleted), after the lock was released.
//!
//! With `UVCACHE_OP_PAUSE=SIGNAL` it pauses there instead (see [`PauseMidDelete`]).
//!
//! `UVCACHE_STORE_DIR` names uvcache's store, where removed trees are parked out of uv's sight;
//! without it they are parked at the cache root.

use std::path::Path;

use uvcache::removal::{Operation, RunOptions, execute};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(op), Some(cache)) = (args.first(), args.get(1)) else {
        eprintln!("usage: uvcache-op clean|prune|prune-ci CACHE [PKG...]");
        std::process::exit(2);
    };
    let packages: Vec<String> = args[2..].to_vec();
    let operation = match (op.as_str(), packages.is_empty()) {
        ("clean", true) => Operation::CleanAll,
        ("clean", false) => Operation::CleanPackages(packages),
        ("prune", _) => Operation::Prune { ci: false },
        ("prune-ci", _) => Operation::Prune { ci: true },
        _ => {
            eprintln!("unknown operation {op}");
            std::process::exit(2);
        }
    };
    // uv's rule for the wait, read by the engine (a bad value is an error, not a default).
    let timeout = match uvcache::Environment::from_process()
        .map_err(|e| e.to_string())
        .and_then(|env| uvcache::cache::lock::timeout(&env).map_err(|e| e.to_string()))
    {
        Ok(timeout) => timeout,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let waiting = || {
        eprintln!(
            "Cache is currently in-use, waiting for other uv processes to finish (use `--force` to override)"
        )
    };
    // Where removed trees wait: uvcache's store as the product resolves it from
    // `UVCACHE_STORE_DIR` (unset: at the cache root, under uv's lock held shared).
    let store = std::env::var_os("UVCACHE_STORE_DIR").map(std::path::PathBuf::from);
    let options = RunOptions {
        timeout,
        waiting: &waiting,
        park_in: store.as_deref(),
        ..RunOptions::new(uvcache::cache::layout::newest(), &uvcache::progress::Silent)
    };
    let crash = std::env::var("UVCACHE_OP_CRASH").ok();
    if let Some(point) = crash.as_deref().filter(|p| *p != "mid-delete") {
        crash_at(Path::new(cache), operation, &options, point);
    }
    let abort = AbortMidDelete::default();
    let pause = std::env::var_os("UVCACHE_OP_PAUSE").map(|signal| PauseMidDelete {
        signal: std::path::PathBuf::from(signal),
        reports: Default::default(),
    });
    let options = if crash.as_deref() == Some("mid-delete") {
        RunOptions {
            scan: options.scan.telling(&abort),
            ..options
        }
    } else if let Some(pause) = &pause {
        RunOptions {
            scan: options.scan.telling(pause),
            ..options
        }
    } else {
        options
    };
    match execute(Path::new(cache), operation, &options) {
        Ok(Some(outcome)) => {
            let nothing = if op.starts_with("prune") {
                "No unused entries found"
            } else {
                "No cache entries found"
            };
            println!("{}", outcome.removal.summary(nothing));
        }
        Ok(None) => println!("No cache found at: {cache}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}

/// Dies at the second report of removed files: the first is what parking unlinked, the second
/// the first directory deleted from the trash (in a run that deletes after the lock: `clean`).
#[derive(Default)]
struct AbortMidDelete(std::sync::atomic::AtomicUsize);

impl uvcache::progress::Progress for AbortMidDelete {
    fn removed(&self, _files: u64, _bytes: u64) {
        if self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1 {
            eprintln!("deleting the trash; crashing");
            std::process::abort();
        }
    }
}

/// Stops in the middle of deleting the parked trees, as a slow disk would: at the first
/// directory deleted it writes `SIGNAL.reached`, and every deleting thread waits until `SIGNAL`
/// exists (two minutes at most), so a test can run uv's commands while the deletion is under way.
struct PauseMidDelete {
    signal: std::path::PathBuf,
    reports: std::sync::atomic::AtomicUsize,
}

impl uvcache::progress::Progress for PauseMidDelete {
    fn removed(&self, _files: u64, _bytes: u64) {
        // The first report is what parking unlinked; every deleting worker waits from the next.
        let report = self
            .reports
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if report == 0 {
            return;
        }
        if report == 1 {
            let mut reached = self.signal.clone().into_os_string();
            reached.push(".reached");
            std::fs::write(&reached, b"").expect("write the reached signal");
        }
        let start = std::time::Instant::now();
        while !self.signal.exists() && start.elapsed() < std::time::Duration::from_secs(120) {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// Runs the locked half of `operation` up to `point`, then aborts.
fn crash_at(root: &Path, operation: Operation, options: &RunOptions<'_>, point: &str) -> ! {
    use uvcache::cache::lock::{LockMode, acquire};
    use uvcache::cache::{Inventory, Options};
    use uvcache::removal::{Remover, plan};
    let lock = acquire(root, LockMode::Exclusive, options.timeout, false, &|| {}).expect("lock");
    let inventory = Inventory::take(
        root,
        &Options {
            shallow: true,
            buckets: options.buckets,
            ..Options::default()
        },
    )
    .expect("inventory");
    let paths = plan(&inventory, operation).paths();
    let remover = Remover::new(root, 2)
        .expect("remover")
        .parking_in(options.park_in);
    let upto = match point {
        "half-park" => paths.len() / 2,
        "after-park" => paths.len(),
        other => panic!("unknown crash point {other}"),
    };
    let parked = remover.park_all(&paths[..upto]).expect("park");
    eprintln!("parked {upto} of {} items; crashing", paths.len());
    // Nothing is deleted or released in order: the process dies as a SIGKILL leaves it.
    std::mem::forget((parked, lock));
    std::process::abort()
}
