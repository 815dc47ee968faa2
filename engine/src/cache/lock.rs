//! uv's cache lock: an advisory `flock` on `<root>/.lock`, interoperable with uv itself.
//!
//! Every uv command that uses the cache holds it shared for its lifetime; `uv cache clean` and
//! `prune` take it exclusively. uvcache's destructive operations do the same, for the whole scan
//! and delete phase, so they never run under a `uv run` and uv never runs under them. The file
//! is opened without truncation and never deleted or replaced: a new inode would split
//! coordination with processes already queued on the old one. When missing it is created the
//! way uv creates it: a temporary file in the root, made mode 0666, renamed into place without
//! clobbering.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::environment::Environment;
use crate::error::{Error, Result};

/// The lock file's name at the cache root.
pub const LOCK_FILE: &str = ".lock";

/// uv's default wait for the lock, in seconds (`UV_LOCK_TIMEOUT`).
pub const DEFAULT_TIMEOUT_SECS: u64 = 300;

/// How the lock is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    /// Several holders (uv's ordinary commands).
    Shared,
    /// One holder (clean, prune).
    Exclusive,
}

/// Who holds a cache's lock at the moment of looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// No lock file yet (uv creates it).
    NoFile,
    /// Nobody.
    Nobody,
    /// uv commands using the cache.
    Shared,
    /// A clean or prune.
    Exclusive,
}

/// Who holds `root`'s lock: tried without waiting, released at once. The file is opened
/// read-only and never created: it is uv's.
pub fn holder(root: &Path) -> Holder {
    let Ok(file) = File::open(root.join(LOCK_FILE)) else {
        return Holder::NoFile;
    };
    if file.try_lock().is_ok() {
        let _ = file.unlock();
        return Holder::Nobody;
    }
    if file.try_lock_shared().is_ok() {
        let _ = file.unlock();
        return Holder::Shared;
    }
    Holder::Exclusive
}

/// A held cache lock; released when dropped.
#[derive(Debug)]
pub struct CacheLock {
    file: Option<File>,
    path: PathBuf,
}

impl CacheLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the lock is actually held (false when `--force` proceeded without it).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }

    /// Turns an exclusive lock into a shared one, waiting if need be: released, then taken
    /// shared, as `flock` converts on Unix (Windows' `LockFileEx` would stack a shared lock on
    /// the exclusive one instead of replacing it). An exclusive waiter (uv's `clean`) may run
    /// in between; this then waits for it to finish, as any shared holder would.
    pub fn downgrade(&self) -> Result<()> {
        match &self.file {
            Some(file) => file
                .unlock()
                .and_then(|()| file.lock_shared())
                .map_err(|e| Error::io(&self.path, e)),
            None => Ok(()),
        }
    }
}

impl Drop for CacheLock {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            let _ = file.unlock();
        }
    }
}

/// The wait uv would use: `UV_LOCK_TIMEOUT` seconds, default 300.
pub fn timeout(env: &Environment) -> Result<Duration> {
    Ok(env
        .seconds_var("UV_LOCK_TIMEOUT")?
        .unwrap_or(Duration::from_secs(DEFAULT_TIMEOUT_SECS)))
}

fn open_or_create(path: &Path) -> Result<File> {
    let root = path.parent().unwrap_or(Path::new("."));
    match OpenOptions::new().read(true).write(true).open(path) {
        Ok(file) => return Ok(file),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(path, e)),
        Err(_) => {}
    }
    let temp = tempfile::Builder::new()
        .prefix(".tmp")
        .tempfile_in(root)
        .map_err(|e| Error::io(root, e))?;
    crate::os::perm::open_to_all(temp.path()).map_err(|e| Error::io(temp.path(), e))?;
    match temp.persist_noclobber(path) {
        Ok(file) => Ok(file),
        // Someone else created it meanwhile: use theirs.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, e)),
        Err(e) => Err(Error::io(path, e.error)),
    }
}

fn try_lock(file: &File, mode: LockMode) -> std::result::Result<bool, std::io::Error> {
    let result = match mode {
        LockMode::Shared => file.try_lock_shared(),
        LockMode::Exclusive => file.try_lock(),
    };
    match result {
        Ok(()) => Ok(true),
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Takes the lock on `root`. If it is busy: with `force`, proceeds without it (as uv's
/// `--force`); otherwise calls `waiting` once and polls until `timeout`, then fails with
/// [`Error::LockTimeout`].
pub fn acquire(
    root: &Path,
    mode: LockMode,
    timeout: Duration,
    force: bool,
    waiting: &dyn Fn(),
) -> Result<CacheLock> {
    acquire_file(&root.join(LOCK_FILE), mode, timeout, force, waiting)
}

/// Takes a lock on any lock file (per-entry locks such as `<entry>.lock`), created as the root
/// lock is; see [`acquire`].
pub fn acquire_file(
    path: &Path,
    mode: LockMode,
    timeout: Duration,
    force: bool,
    waiting: &dyn Fn(),
) -> Result<CacheLock> {
    let path = path.to_path_buf();
    let file = open_or_create(&path)?;
    if try_lock(&file, mode).map_err(|e| Error::io(&path, e))? {
        return Ok(CacheLock {
            file: Some(file),
            path,
        });
    }
    if force {
        return Ok(CacheLock { file: None, path });
    }
    waiting();
    let start = Instant::now();
    let mut pause = Duration::from_millis(10);
    while start.elapsed() < timeout {
        std::thread::sleep(pause.min(timeout.saturating_sub(start.elapsed())));
        if try_lock(&file, mode).map_err(|e| Error::io(&path, e))? {
            return Ok(CacheLock {
                file: Some(file),
                path,
            });
        }
        pause = (pause * 2).min(Duration::from_millis(200));
    }
    Err(Error::LockTimeout {
        path,
        seconds: timeout.as_secs(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_waits_for_shared_then_times_out_and_force_proceeds() {
        let tmp = tempfile::tempdir().unwrap();
        let shared = acquire(tmp.path(), LockMode::Shared, Duration::ZERO, false, &|| {}).unwrap();
        assert!(shared.is_held());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(tmp.path().join(LOCK_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o666);
        }
        let waited = std::cell::Cell::new(false);
        let err = acquire(
            tmp.path(),
            LockMode::Exclusive,
            Duration::from_millis(100),
            false,
            &|| waited.set(true),
        )
        .unwrap_err();
        assert!(matches!(err, Error::LockTimeout { .. }), "{err}");
        assert!(waited.get());
        let forced = acquire(
            tmp.path(),
            LockMode::Exclusive,
            Duration::ZERO,
            true,
            &|| {},
        )
        .unwrap();
        assert!(!forced.is_held());
        drop(shared);
        let inode = std::fs::metadata(tmp.path().join(LOCK_FILE)).unwrap();
        let exclusive = acquire(
            tmp.path(),
            LockMode::Exclusive,
            Duration::ZERO,
            false,
            &|| {},
        )
        .unwrap();
        assert!(exclusive.is_held());
        // Never replaced.
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            std::fs::metadata(tmp.path().join(LOCK_FILE)).unwrap().ino(),
            inode.ino()
        );
    }
}
