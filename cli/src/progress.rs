//! A spinner on stderr for long operations, only when stderr is a terminal and not in CI.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Shows `label` with the elapsed time until dropped.
pub struct Spinner {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    /// Starts a spinner if stderr is an interactive terminal (and `CI` is not set).
    pub fn start(label: &str, env: &uvcache::Environment) -> Spinner {
        let done = Arc::new(AtomicBool::new(false));
        let interactive = std::io::stderr().is_terminal()
            && env
                .var("CI")
                .is_none_or(|v| v.is_empty() || v == "0" || v == "false");
        let thread = interactive.then(|| {
            let done = done.clone();
            let label = label.to_string();
            std::thread::spawn(move || {
                let start = Instant::now();
                let frames = ['|', '/', '-', '\\'];
                // Nothing for quick operations: the first frame after 300 ms.
                let mut shown = false;
                let mut frame = 0;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    if start.elapsed() < Duration::from_millis(300) {
                        continue;
                    }
                    shown = true;
                    frame = (frame + 1) % frames.len();
                    let mut err = std::io::stderr().lock();
                    let _ = write!(
                        err,
                        "\r{} {label} {:.1}s ",
                        frames[frame],
                        start.elapsed().as_secs_f64()
                    );
                    let _ = err.flush();
                }
                if shown {
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
            })
        });
        Spinner { done, thread }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
