//! A small work-stealing-free pool for directory trees: a shared LIFO queue of jobs, each job
//! may push more, workers stop when the queue is empty and nobody is busy. LIFO keeps the
//! traversal depth-first, which bounds open directory descriptors. Used by the walk and by
//! removal; directories are the unit of parallelism (flat directories do not gain).

use std::sync::{Condvar, Mutex};

struct State<J> {
    jobs: Vec<J>,
    busy: usize,
    stop: bool,
}

/// Runs `work` over `jobs` and everything they push, on `threads` workers, each with its own
/// local state `L`. `interrupted` is polled before each job; returns the local states and
/// whether the run was interrupted.
pub(crate) fn run<J, L, W>(
    jobs: Vec<J>,
    threads: usize,
    interrupted: &(dyn Fn() -> bool + Sync),
    work: W,
) -> (Vec<L>, bool)
where
    J: Send,
    L: Send + Default,
    W: Fn(J, &mut L, &mut Vec<J>) + Sync,
{
    let state = Mutex::new(State {
        jobs,
        busy: 0,
        stop: false,
    });
    let ready = Condvar::new();
    let next = || -> Option<J> {
        let mut s = state.lock().ok()?;
        loop {
            if s.stop {
                return None;
            }
            if let Some(job) = s.jobs.pop() {
                s.busy += 1;
                return Some(job);
            }
            if s.busy == 0 {
                ready.notify_all();
                return None;
            }
            s = ready.wait(s).ok()?;
        }
    };
    let finish = |pushed: &mut Vec<J>| {
        let Ok(mut s) = state.lock() else { return };
        s.busy -= 1;
        let woke = !pushed.is_empty();
        s.jobs.append(pushed);
        if woke || s.busy == 0 {
            ready.notify_all();
        }
    };
    let locals = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut local = L::default();
                    let mut pushed = Vec::new();
                    while let Some(job) = next() {
                        if interrupted() {
                            if let Ok(mut s) = state.lock() {
                                s.stop = true;
                            }
                            ready.notify_all();
                            break;
                        }
                        work(job, &mut local, &mut pushed);
                        finish(&mut pushed);
                    }
                    local
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let stopped = state.lock().map(|s| s.stop).unwrap_or(true);
    (locals, stopped)
}
