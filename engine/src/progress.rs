//! Progress of long operations, reported to whoever draws it.
//!
//! The engine only counts; a front end hands in a [`Progress`] and draws (the CLI with a bar on
//! a terminal, the plugin not at all). Calls come from many worker threads, about once per
//! directory, so an implementation should only add to atomics and let its drawing throttle.

use std::sync::Arc;

/// What a walk or a removal reports as it goes. Every method does nothing by default.
pub trait Progress: Send + Sync {
    /// `items` more files, links and directories were walked.
    fn walked(&self, _items: u64) {}

    /// Whether [`Progress::removing`] should be told the totals of a deletion: counting them
    /// costs a walk of what goes (after uv's lock is released), worth it only when drawn.
    fn wants_totals(&self) -> bool {
        false
    }

    /// A deletion starts: `files` files and `bytes` allocated bytes will go (counted on the
    /// parked trees; the summary line counts what really went), or an unknown amount when both
    /// are 0 (a deletion that must stay under uv's lock is not counted first).
    fn removing(&self, _files: u64, _bytes: u64) {}

    /// `files` more files (and their `bytes`) were removed.
    fn removed(&self, _files: u64, _bytes: u64) {}

    /// A transfer to or from a remote starts: `bytes` will move.
    fn transferring(&self, _bytes: u64) {}

    /// `bytes` more moved.
    fn transferred(&self, _bytes: u64) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}

/// A shared [`Silent`].
pub fn silent() -> Arc<dyn Progress> {
    Arc::new(Silent)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::removal::{Operation, RunOptions, execute};

    /// Counts what it is told.
    #[derive(Default)]
    struct Counted {
        walked: AtomicU64,
        total: AtomicU64,
        total_bytes: AtomicU64,
        removed: AtomicU64,
        removed_bytes: AtomicU64,
    }

    impl Progress for Counted {
        fn walked(&self, items: u64) {
            self.walked.fetch_add(items, Ordering::Relaxed);
        }
        fn wants_totals(&self) -> bool {
            true
        }
        fn removing(&self, files: u64, bytes: u64) {
            self.total.store(files, Ordering::Relaxed);
            self.total_bytes.store(bytes, Ordering::Relaxed);
        }
        fn removed(&self, files: u64, bytes: u64) {
            self.removed.fetch_add(files, Ordering::Relaxed);
            self.removed_bytes.fetch_add(bytes, Ordering::Relaxed);
        }
    }

    /// A clean reports every path walked below the buckets, a total that is what it then
    /// removes, and removals that add up to uv's summary figures.
    #[test]
    fn a_clean_reports_its_walk_its_total_and_each_removal() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(
            root.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55",
        )
        .unwrap();
        let mut paths = 0;
        for archive in 0..20 {
            let dir = root.join(format!("archive-v0/ARCHIVE{archive:09}/pkg"));
            std::fs::create_dir_all(&dir).unwrap();
            paths += if archive == 0 { 3 } else { 2 };
            for file in 0..10 {
                std::fs::write(dir.join(format!("m{file}.py")), vec![b'x'; 5000]).unwrap();
                paths += 1;
            }
        }
        let progress = Counted::default();
        let mut options = RunOptions::new(crate::cache::layout::newest(), &progress);
        options.timeout = Duration::from_secs(5);
        options.scan.threads = 4;
        let outcome = execute(root, Operation::CleanAll, &options)
            .unwrap()
            .unwrap();
        // The shallow walk of clean stats each of the 20 archives but does not enter them.
        let walked = progress.walked.load(Ordering::Relaxed);
        assert!(walked >= 20, "{walked}");
        assert!(walked <= paths, "{walked}");
        assert_eq!(outcome.removal.files, 201, "200 modules and CACHEDIR.TAG");
        // Told the totals first, then every file and byte removed: the same figures.
        let told = [
            &progress.total,
            &progress.removed,
            &progress.total_bytes,
            &progress.removed_bytes,
        ]
        .map(|n| n.load(Ordering::Relaxed));
        let (files, bytes) = (outcome.removal.files, outcome.removal.bytes);
        assert_eq!(told, [files, files, bytes, bytes]);
    }
}
