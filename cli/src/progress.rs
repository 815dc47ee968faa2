//! Progress on stderr for long operations, drawn with `indicatif` only when stderr is a
//! terminal and `CI` is not set: a spinner with the paths walked and their rate while the cache
//! is walked, then a bar of files and bytes removed out of the total, with rate and time left.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use uvcache::progress::Progress;
use uvcache::text::human_bytes;
use uvcache_commands::Invocation;

/// The engine's progress, drawn.
struct Drawn {
    bar: ProgressBar,
    /// Bytes removed and planned, for the message beside the file counts.
    removed_bytes: AtomicU64,
    total_bytes: AtomicU64,
}

impl Progress for Drawn {
    fn walked(&self, items: u64) {
        self.bar.inc(items);
    }

    fn wants_totals(&self) -> bool {
        true
    }

    fn removing(&self, files: u64, bytes: u64) {
        self.total_bytes.store(bytes, Ordering::Relaxed);
        self.removed_bytes.store(0, Ordering::Relaxed);
        self.bar.reset();
        if files == 0 {
            // Unknown total: counts and rate only.
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {prefix}: {human_pos} files removed, {msg} ({rate} files/s) {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key("rate", rate),
            );
            self.bar.set_message(human_bytes(0));
            return;
        }
        self.bar.set_length(files);
        self.bar.set_style(
            ProgressStyle::with_template(
                "{prefix}: [{bar:30}] {human_pos}/{human_len} files, {msg} ({rate} files/s, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", rate)
            .progress_chars("=> "),
        );
    }

    fn removed(&self, files: u64, bytes: u64) {
        let done = self.removed_bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let total = self.total_bytes.load(Ordering::Relaxed);
        if self.bar.length().is_some() {
            self.bar
                .set_message(format!("{} of {}", human_bytes(done), human_bytes(total)));
        } else {
            self.bar.set_message(human_bytes(done));
        }
        self.bar.inc(files);
    }

    fn transferring(&self, bytes: u64) {
        self.bar.reset();
        self.bar.set_length(bytes);
        self.bar.set_style(
            ProgressStyle::with_template(
                "{prefix}: [{bar:30}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
    }

    fn transferred(&self, bytes: u64) {
        self.bar.inc(bytes);
    }
}

/// Items per second, whole.
fn rate(state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write) {
    let _ = write!(out, "{:.0}", state.per_sec());
}

/// Shows progress until dropped (nothing when not interactive).
pub struct Spinner {
    drawn: Option<Arc<Drawn>>,
}

impl Spinner {
    /// Starts drawing `label` if stderr is an interactive terminal and `CI` is not set.
    pub fn start(label: &str, env: &uvcache::Environment) -> Spinner {
        let interactive = std::io::stderr().is_terminal()
            && env
                .var("CI")
                .is_none_or(|v| v.is_empty() || v == "0" || v == "false");
        let drawn = interactive.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {prefix}: {human_pos} paths walked ({rate}/s) {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key("rate", rate),
            );
            bar.set_prefix(label.to_string());
            bar.enable_steady_tick(Duration::from_millis(100));
            Arc::new(Drawn {
                bar,
                removed_bytes: AtomicU64::new(0),
                total_bytes: AtomicU64::new(0),
            })
        });
        Spinner { drawn }
    }

    /// `invocation` reporting to this spinner.
    pub fn attach(&self, invocation: &Invocation) -> Invocation {
        let mut attached = invocation.clone();
        if let Some(drawn) = &self.drawn {
            attached.progress = drawn.clone();
        }
        attached
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(drawn) = &self.drawn {
            drawn.bar.finish_and_clear();
        }
    }
}
