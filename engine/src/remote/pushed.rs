//! What this machine has hashed: a record, in uvcache's own store, of each entry state it pushed
//! and the id of the manifest those bytes make.
//!
//! A push signs a manifest id only if it computed that id itself: by hashing the entry's files
//! in this run, or from this record, which a push on this machine wrote after hashing
//! the same files. Nothing read from a remote decides what is signed (a name in the store that
//! mapped states to ids made anyone who can write the store a signer); the remote only tells
//! which objects need not be sent again.
//!
//! A state is the entry's path and, for every file and link, its path, size, modification and
//! change times, inode, device and mode. Any write to a file moves its change time, which no
//! user can set; a cache restored from a tarball has new inodes and is hashed again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
pub use crate::platform::stamp::{Stamp, stamp};

/// The folder of the records in uvcache's store, one file per cache root.
pub const DIR: &str = crate::cache::layout::PUSHED_FOLDER;

/// The state of an entry: its path and what else makes its manifest (`entry`: the path, the
/// uv release, the builder), and each record's path, link and stamp, in order.
pub fn state<'a>(
    entry: &str,
    files: impl Iterator<Item = (&'a str, Option<&'a str>, &'a Stamp)>,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("uvcache-pushed-state-1\0{entry}\0").as_bytes());
    for (path, link, s) in files {
        hasher.update(
            format!(
                "{path}\0{}\0{}\0{}\0",
                link.unwrap_or(""),
                s.text(),
                link.is_some()
            )
            .as_bytes(),
        );
    }
    crate::text::hex(&hasher.finalize())
}

/// One state and the manifest its bytes make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Known {
    entry: String,
    id: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    format: u32,
    states: HashMap<String, Known>,
    /// When this machine last finished signing on each remote (by URL), in milliseconds since
    /// 1970.
    #[serde(default)]
    signed: HashMap<String, u64>,
}

/// The records of one cache root, read at the start of a push and written at its end.
#[derive(Debug, Default)]
pub struct Records {
    path: Option<PathBuf>,
    states: HashMap<String, Known>,
    signed: HashMap<String, u64>,
    changed: bool,
}

impl Records {
    /// The records of the cache at `root` kept in `dir` (`<store>/pushed-v0`); empty when there
    /// are none or they cannot be read (they only save hashing). `None`: keep no records (no
    /// store, a temporary cache).
    pub fn open(dir: Option<&Path>, root: &Path) -> Records {
        let Some(path) = dir.and_then(|d| file_of(d, root)) else {
            return Records::default();
        };
        let file = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<File>(&b).ok())
            .filter(|f| f.format == 1)
            .unwrap_or_default();
        Records {
            path: Some(path),
            states: file.states,
            signed: file.signed,
            changed: false,
        }
    }

    /// When this machine last finished signing on the remote at `url`: a signature of its key
    /// the store shows as written no later was written by it (a later one is read and checked).
    pub fn signed_at(&self, url: &str) -> Option<SystemTime> {
        let millis = self.signed.get(url)?;
        Some(std::time::UNIX_EPOCH + std::time::Duration::from_millis(*millis))
    }

    /// Records that this machine finished signing on the remote at `url` at `at`.
    pub fn set_signed_at(&mut self, url: &str, at: SystemTime) {
        let millis = at
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        self.signed.insert(url.to_string(), millis);
        self.changed = true;
    }

    /// The manifest id this machine computed for `state`, if it did.
    pub fn id(&self, state: &str) -> Option<&str> {
        self.states.get(state).map(|k| k.id.as_str())
    }

    /// Records that the entry at `entry` in `state` makes manifest `id`, forgetting the
    /// entry's earlier states.
    pub fn insert(&mut self, entry: &str, state: String, id: String) {
        self.states.retain(|_, k| k.entry != entry);
        self.states.insert(
            state,
            Known {
                entry: entry.to_string(),
                id,
            },
        );
        self.changed = true;
    }

    /// Writes the records whole (a temporary file renamed over the old one), if they changed.
    pub fn save(&self) -> Result<()> {
        let Some(path) = self.path.as_ref().filter(|_| self.changed) else {
            return Ok(());
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let file = File {
            format: 1,
            states: self.states.clone(),
            signed: self.signed.clone(),
        };
        // Derived data, as the index is: a lost or damaged record only costs hashing again.
        crate::cache::atomic::write_derived(path, &mut |out| {
            serde_json::to_writer(&mut *out, &file).map_err(std::io::Error::other)
        })
    }
}

/// The records' file of a cache root: named by the root's identity, as its index is.
fn file_of(dir: &Path, root: &Path) -> Option<PathBuf> {
    let index = crate::cache::index::file_of(dir, root)?;
    Some(index.with_extension("json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_sees_every_stamp_and_records_survive_a_reopen() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("f");
        std::fs::write(&file, "a").unwrap();
        let before = stamp(&std::fs::symlink_metadata(&file).unwrap());
        let one = state("e", [("e/f", None, &before)].into_iter());
        // Same size and modification time, new bytes: the change time moved.
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::fs::write(&file, "b").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let after = stamp(&std::fs::symlink_metadata(&file).unwrap());
        assert_ne!(one, state("e", [("e/f", None, &after)].into_iter()));
        let dir = tmp.path().join(DIR);
        let mut records = Records::open(Some(&dir), tmp.path());
        records.insert("e", one.clone(), "id1".into());
        records.insert("e", "other".into(), "id2".into());
        records.save().unwrap();
        let read = Records::open(Some(&dir), tmp.path());
        assert_eq!(read.id(&one), None, "an entry keeps its newest state only");
        assert_eq!(read.id("other"), Some("id2"));
        assert!(Records::open(None, tmp.path()).save().is_ok());
    }
}
