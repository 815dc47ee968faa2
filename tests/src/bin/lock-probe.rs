//! `lock-probe CACHE PID`: what a user feels while a `clean` or `prune` runs. Tries a shared
//! `flock` on `CACHE/.lock` (what every uv command takes) every 2 ms while process PID lives,
//! and prints the milliseconds it could not get it, added up.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(cache), Some(pid)) = (args.first(), args.get(1)) else {
        eprintln!("usage: lock-probe CACHE PID");
        std::process::exit(2);
    };
    let alive = Path::new("/proc").join(pid);
    let lock = Path::new(cache).join(".lock");
    let mut blocked = Duration::ZERO;
    let mut last = Instant::now();
    while alive.exists() {
        let now = Instant::now();
        // The lock file may appear only once the run starts; no file is no wait.
        let busy = File::open(&lock).is_ok_and(|file| match file.try_lock_shared() {
            Ok(()) => false,
            Err(TryLockError::WouldBlock) => true,
            Err(TryLockError::Error(_)) => false,
        });
        if busy {
            blocked += now - last;
        }
        last = now;
        std::thread::sleep(Duration::from_millis(2));
    }
    println!("{}", blocked.as_millis());
}
