//! The objects of a push: every file to publish read once, on the runtime's blocking threads,
//! hashed, and, when the remote lacks its object, compressed and sent while other files are
//! still being read. Before, a push hashed every file, then read each new one again to send it,
//! so that compression and uploads waited for the last hash (a third of a loopback push).
//!
//! A file up to [`WHOLE`] bytes is read into memory once: the bytes sent are the bytes hashed.
//! A larger one is hashed in chunks and, if its object is new, read again and sent only while
//! it is provably unchanged ([`Unchanged`]) or hashes the same.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::error::{EntryRefused, Error, RemoteFailure, Result};
use crate::progress::Progress;
use crate::remote::codec::{self, Compression};
use crate::remote::store::{CONCURRENCY, Remote};

/// The largest file read whole to be hashed: with [`CONCURRENCY`] files in flight, at most
/// half a GiB held for hashing. Larger files (a `libtorch` of 1 GiB) are hashed in chunks.
const WHOLE: u64 = 32 << 20;

/// One distinct file of the push (a file shared by two entries is read once).
pub(super) struct Job {
    /// Relative to the cache root.
    pub path: String,
    /// Its size when listed; another size when read means it is being written.
    pub size: u64,
}

/// What the files are checked against and how new objects go.
pub(super) struct Plan {
    /// Hashes of the objects the remote already has.
    pub existing: HashSet<String>,
    pub compression: Compression,
    /// Send new objects (false: a dry run, which only hashes).
    pub send: bool,
}

/// A file read and hashed.
pub(super) struct Hashed {
    pub hash: String,
    /// The bytes stored, when this file sent its object (not when the remote had it, another
    /// file of the push sent it, or in a dry run).
    pub sent: Option<u64>,
}

/// Why a file has no object on the remote.
pub(super) enum Failure {
    /// It could not be read, or changed while read: its entries are not pushed.
    Read(Error),
    /// Its object failed to upload: entries that need it get no manifest.
    Upload { hash: String, error: Error },
}

/// Reads, hashes and (for new objects) sends every job, [`CONCURRENCY`] at a time; the results
/// are in the order of `jobs`. `progress` is told the bytes of all the files, and each one done.
pub(super) fn run(
    remote: &Remote,
    root: &Path,
    jobs: &[Job],
    plan: Plan,
    progress: &dyn Progress,
) -> Vec<std::result::Result<Hashed, Failure>> {
    progress.transferring(jobs.iter().map(|j| j.size).sum());
    let plan = Arc::new(plan);
    // Each new object is sent once, by the first file found to have it.
    let claimed = Arc::new(Mutex::new(HashSet::new()));
    let work = jobs.iter().enumerate().map(|(i, job)| {
        let (plan, claimed) = (Arc::clone(&plan), Arc::clone(&claimed));
        async move {
            let result = one(remote, root, job, plan, claimed).await;
            progress.transferred(job.size);
            (i, result)
        }
    });
    let mut results: Vec<_> = remote.block_on(
        futures_util::stream::iter(work)
            .buffer_unordered(CONCURRENCY)
            .collect(),
    );
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

async fn one(
    remote: &Remote,
    root: &Path,
    job: &Job,
    plan: Arc<Plan>,
    claimed: Arc<Mutex<HashSet<String>>>,
) -> std::result::Result<Hashed, Failure> {
    if remote.interrupted() {
        return Err(Failure::Read(Error::Interrupted));
    }
    let (path, size) = (root.join(&job.path), job.size);
    let prepared = tokio::task::spawn_blocking(move || -> Result<(String, Option<Bytes>)> {
        let (hash, stamp, bytes) = read_and_hash(&path, size)?;
        let new = plan.send
            && !plan.existing.contains(&hash)
            && claimed
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert(hash.clone());
        if !new {
            return Ok((hash, None));
        }
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => read_verified(&path, &hash, Some(stamp))?,
        };
        let stored = codec::encode(bytes, plan.compression).map_err(|e| Error::io(&path, e))?;
        Ok((hash, Some(stored)))
    })
    .await
    .map_err(|e| {
        Failure::Read(Error::Remote {
            remote: remote.name().to_string(),
            reason: RemoteFailure::Worker {
                action: "reading",
                path: job.path.clone(),
                detail: e.to_string(),
            },
        })
    })?
    .map_err(Failure::Read)?;
    let (hash, sent) = match prepared {
        (hash, None) => (hash, None),
        (hash, Some(stored)) => {
            let wire = stored.len() as u64;
            match remote.put(&format!("objects/{hash}"), stored).await {
                Ok(()) => (hash, Some(wire)),
                Err(error) => return Err(Failure::Upload { hash, error }),
            }
        }
    };
    Ok(Hashed { hash, sent })
}

/// The file's SHA-256 and what it was while read; its bytes too when it is at most [`WHOLE`].
/// A size other than `listed`, or a write while it is read, is an error.
fn read_and_hash(path: &Path, listed: u64) -> Result<(String, Unchanged, Option<Bytes>)> {
    if listed > WHOLE {
        let (hash, stamp) = hash_file(path)?;
        if stamp.size != listed {
            return Err(changed(path));
        }
        return Ok((hash, stamp, None));
    }
    let (bytes, before, steady) = read_whole(path)?;
    if !steady || before.size != listed || bytes.len() as u64 != listed {
        return Err(changed(path));
    }
    let hash = crate::text::hex(&Sha256::digest(&bytes));
    Ok((hash, before, Some(Bytes::from(bytes))))
}

fn changed(path: &Path) -> Error {
    Error::StoreEntry {
        entry: path.to_path_buf(),
        reason: EntryRefused::ChangedWhilePushed,
    }
}

/// What shows that a file still holds the bytes that were hashed, without hashing them again:
/// its inode, size, and modification and change times. Any write moves the change time, which
/// no program can set back (uv never rewrites a file once renamed into place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unchanged {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Unchanged {
    /// The stamp of the open `file` (at `path`).
    fn now(file: &std::fs::File, path: &Path) -> Result<Unchanged> {
        use std::os::unix::fs::MetadataExt;
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        Ok(Unchanged {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }
}

/// SHA-256 of a file, read in chunks, and what it was while read (a write meanwhile is an
/// error).
fn hash_file(path: &Path) -> Result<(String, Unchanged)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let before = Unchanged::now(&file, path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    if Unchanged::now(&file, path)? != before || size != before.size {
        return Err(changed(path));
    }
    Ok((crate::text::hex(&hasher.finalize()), before))
}

/// A file's bytes, what it was when opened, and whether it was still so once read (a failed
/// second look counts as moved).
fn read_whole(path: &Path) -> Result<(Vec<u8>, Unchanged, bool)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let before = Unchanged::now(&file, path)?;
    let mut bytes = Vec::with_capacity(before.size as usize);
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let steady = Unchanged::now(&file, path).is_ok_and(|after| after == before);
    Ok((bytes, before, steady))
}

/// A file's bytes, as they were when hashed: unchanged since (`hashed`), or else hashed again
/// and checked.
fn read_verified(path: &Path, hash: &str, hashed: Option<Unchanged>) -> Result<Bytes> {
    let (bytes, before, steady) = read_whole(path)?;
    let same = steady && hashed == Some(before);
    if !same && crate::text::hex(&Sha256::digest(&bytes)) != hash {
        return Err(changed(path));
    }
    Ok(Bytes::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_is_sent_as_hashed_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("mod.py");
        std::fs::write(&path, b"print('built')\n").unwrap();
        let (hash, was) = hash_file(&path).unwrap();
        assert_eq!(was.size, 15);
        // Unchanged since hashed: its bytes, trusted by its stamp.
        let bytes = read_verified(&path, &hash, Some(was)).unwrap();
        assert_eq!(&bytes[..], b"print('built')\n");
        // The same bytes written again (times moved): hashed again, and still sent.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"print('built')\n").unwrap();
        assert!(read_verified(&path, &hash, Some(was)).is_ok());
        // Other bytes of the same size, even with the old modification time put back: the
        // change time moved, so it is hashed again and refused.
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, b"print('pwned')\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let err = read_verified(&path, &hash, Some(was)).unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        // Without a stamp, the hash decides.
        assert!(read_verified(&path, &hash, None).is_err());
    }

    #[test]
    fn a_small_file_is_hashed_from_the_bytes_it_sends() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("mod.py");
        std::fs::write(&path, b"print('built')\n").unwrap();
        let (hash, stamp, bytes) = read_and_hash(&path, 15).unwrap();
        assert_eq!(bytes.as_deref(), Some(&b"print('built')\n"[..]));
        assert_eq!(hash, crate::text::hex(&Sha256::digest(b"print('built')\n")));
        assert_eq!(stamp.size, 15);
        // Listed at another size: being written, refused.
        let err = read_and_hash(&path, 14).expect_err("refused");
        assert!(err.to_string().contains("changed while"), "{err}");
    }
}
