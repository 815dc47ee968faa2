//! A small pool for directory trees. Each worker keeps its own LIFO stack of jobs (depth-first,
//! which bounds open directory descriptors) and touches the shared queue only when it runs dry
//! or when another worker is idle, in which case it hands over the older half of its stack
//! (the larger subtrees). Used by the walk and by removal; directories are the unit of
//! parallelism (flat directories do not gain).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

struct State<J> {
    jobs: Vec<J>,
    /// Workers that hold work (a job or a non-empty stack).
    active: usize,
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
    let threads = threads.max(1);
    let state = Mutex::new(State {
        jobs,
        active: threads,
        stop: false,
    });
    let ready = Condvar::new();
    let idle = AtomicUsize::new(0);
    // Takes a job from the shared queue for a worker whose own stack is empty.
    let take_shared = || -> Option<J> {
        let mut s = state.lock().ok()?;
        s.active -= 1;
        loop {
            if s.stop {
                return None;
            }
            if let Some(job) = s.jobs.pop() {
                s.active += 1;
                return Some(job);
            }
            if s.active == 0 {
                ready.notify_all();
                return None;
            }
            idle.fetch_add(1, Ordering::SeqCst);
            s = ready.wait(s).ok()?;
            idle.fetch_sub(1, Ordering::SeqCst);
        }
    };
    let locals = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut local = L::default();
                    let mut stack: Vec<J> = Vec::new();
                    loop {
                        let Some(job) = stack.pop().or_else(&take_shared) else {
                            break;
                        };
                        if interrupted() {
                            if let Ok(mut s) = state.lock() {
                                s.stop = true;
                            }
                            ready.notify_all();
                            break;
                        }
                        work(job, &mut local, &mut stack);
                        if idle.load(Ordering::Relaxed) > 0 && stack.len() > 1 {
                            let half = stack.len() / 2;
                            if let Ok(mut s) = state.lock() {
                                s.jobs.extend(stack.drain(..half));
                            }
                            ready.notify_all();
                        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pushed_job_runs_once() {
        // A binary tree of depth 12 as jobs: 2^13 - 1 nodes.
        let (locals, stopped) = run(
            vec![0u32],
            4,
            &|| false,
            |depth, count: &mut usize, pushed| {
                *count += 1;
                if depth < 12 {
                    pushed.push(depth + 1);
                    pushed.push(depth + 1);
                }
            },
        );
        assert!(!stopped);
        assert_eq!(locals.iter().sum::<usize>(), (1 << 13) - 1);
    }

    #[test]
    fn interruption_stops_the_run() {
        let (_, stopped) = run(vec![0u32], 2, &|| true, |_, _: &mut (), pushed| {
            pushed.push(0)
        });
        assert!(stopped);
    }
}
