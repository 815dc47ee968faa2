//! What `size` answers, kept beside the index in a small file of its own (`<dev>-<ino>.sum`)
//! with the stamps that prove it current: the root, its files, and every recorded directory
//! (the archives' own included, as [`revalidate`](super::revalidate) stats them). While none
//! of them moved and none is racy, `size` reads this file and stats those paths, and decodes
//! nothing else.
//!
//! It is checked by the same rule as the index, so it is exactly as true: whatever would make
//! revalidation read a directory again makes the summary refuse to answer.

use std::path::{Path, PathBuf};

use crate::cache::index::codec::{self, Refused, Writer};
use crate::cache::index::{NotWritten, revalidate};
use crate::cache::layout::BucketSet;
use crate::cache::sums::TopItem;
use crate::cache::walk::{self, RawWalk, Stamp};

/// A top-level item's totals, its class left to the target release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopTotal {
    pub name: String,
    pub is_dir: bool,
    /// Disk bytes of everything below it, itself included.
    pub disk: u64,
    /// Inventory entries in it.
    pub entries: u64,
}

/// A cache root's totals and the stamps that prove them current.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub dev: u64,
    pub ino: u64,
    /// When the scan these totals come from began: stamps from then on prove nothing.
    pub scanned_at: (i64, u32),
    /// The root directory's own blocks.
    pub root_disk: u64,
    pub tops: Vec<TopTotal>,
    /// Paths relative to the root (`""`: the root itself) and their stamps.
    pub checks: Vec<(String, Stamp)>,
}

impl Summary {
    /// Everything below the root, and the root: what `uv cache size` counts.
    pub fn total_disk(&self) -> u64 {
        self.root_disk + self.tops.iter().map(|t| t.disk).sum::<u64>()
    }

    /// When the scan began, as a time.
    pub fn scanned_at(&self) -> std::time::SystemTime {
        super::time(self.scanned_at)
    }

    /// The top-level items as the target release `set` classes them, with their entries.
    pub fn top_items(&self, set: &BucketSet) -> Vec<(TopItem, u64)> {
        self.tops
            .iter()
            .map(|t| {
                (
                    TopItem {
                        name: t.name.clone(),
                        class: set.classify_root(&t.name, t.is_dir),
                        is_dir: t.is_dir,
                        disk: t.disk,
                    },
                    t.entries,
                )
            })
            .collect()
    }
}

impl Summary {
    /// The summary of an answer and the inventory built from it.
    pub fn of(answer: &super::Answer) -> Summary {
        let inventory = &answer.inventory;
        let entries = inventory.entries_per_top();
        Summary {
            dev: answer.root_id.0,
            ino: answer.root_id.1,
            scanned_at: answer.scanned_at,
            root_disk: inventory.root_disk,
            tops: inventory
                .top
                .iter()
                .map(|t| TopTotal {
                    name: t.name.clone(),
                    is_dir: t.is_dir,
                    disk: t.disk,
                    entries: entries.get(t.name.as_str()).copied().unwrap_or(0),
                })
                .collect(),
            checks: answer.dir_checks.clone(),
        }
    }
}

/// The directory stamps a summary of `raw` is checked by: every recorded directory.
pub fn dir_checks(raw: &RawWalk) -> Vec<(String, Stamp)> {
    raw.recorded
        .dirs
        .iter()
        .map(|d| (d.rel.to_string(), d.stamp))
        .collect()
}

/// The summary file of the root with this device and inode.
fn named(dir: &Path, dev: u64, ino: u64) -> PathBuf {
    dir.join(format!("{dev:x}-{ino:x}.sum"))
}

/// Writes `summary` for `root`, adding the stamps of the root and of its files, taken now (a
/// file changed since `summary.scanned_at` is racy, so it can only make the summary refuse).
/// Returns why not, if it was not written; a missing summary only costs a slower answer.
pub fn write(dir: &Path, root: &Path, mut summary: Summary) -> Result<(), NotWritten> {
    let (root_fd, root_stat) = walk::open_root(root)?;
    if (root_stat.dev, root_stat.ino) != (summary.dev, summary.ino) {
        return Err(NotWritten::RootReplaced);
    }
    summary.checks.push((String::new(), Stamp::of(&root_stat)));
    let io = |e| crate::error::Error::io(root, e);
    let listing = std::fs::read_dir(root).map_err(io)?;
    for child in listing {
        let child = child.map_err(io)?;
        let name = child.file_name().to_string_lossy().into_owned();
        let Ok(stat) = root_fd.stat_rel(&name) else {
            continue;
        };
        if !stat.is_dir() {
            summary.checks.push((name, Stamp::of(&stat)));
        }
    }
    // In inode order: cold, neighbouring inodes share blocks of the inode table, which ext4
    // reads ahead, so the checks read it nearly in sequence instead of at random.
    summary.checks.sort_by_key(|(_, stamp)| stamp.ino);
    Ok(super::write_beside(
        &named(dir, summary.dev, summary.ino),
        &encode(&summary),
    )?)
}

/// The summary of `root`, if it has one and nothing it was checked by has moved; `None` sends
/// the caller to the index. Stats on `threads` workers.
pub fn current(dir: &Path, root: &Path, threads: usize) -> Option<Summary> {
    let (root_fd, root_stat) = walk::open_root(root).ok()?;
    let (dev, ino) = (root_stat.dev, root_stat.ino);
    let bytes = std::fs::read(named(dir, dev, ino)).ok()?;
    let summary = decode(&bytes).ok()?;
    if (summary.dev, summary.ino) != (dev, ino) {
        return None;
    }
    let racy = revalidate::racy_after(summary.scanned_at);
    let (root_checks, below): (Vec<_>, Vec<_>) =
        summary.checks.iter().partition(|(rel, _)| rel.is_empty());
    let root_fresh = root_checks.iter().all(|(_, recorded)| {
        let now = Stamp::of(&root_stat);
        now.same(recorded) && !racy(&now)
    });
    let all_fresh = root_fresh
        && revalidate::stat_all(
            &root_fd,
            below.iter().map(|(rel, stamp)| (rel.as_str(), stamp)),
            threads,
            &revalidate::judge_dir(&racy),
        )
        .iter()
        .all(|seen| *seen != revalidate::Seen::Changed);
    all_fresh.then_some(summary)
}

/// The first bytes of every summary file.
const SUMMARY_MAGIC: &[u8; 16] = b"UVCACHE-SUMMARY\n";

/// Encodes a summary: the same header as the index, its totals and stamps, a checksum.
fn encode(summary: &Summary) -> Vec<u8> {
    let mut w = Writer::headed(SUMMARY_MAGIC, 64 + summary.checks.len() * 64);
    w.u64(summary.dev);
    w.u64(summary.ino);
    w.time(summary.scanned_at);
    w.u64(summary.root_disk);
    w.u32(summary.tops.len() as u32);
    for t in &summary.tops {
        w.str(&t.name);
        w.u8(u8::from(t.is_dir));
        w.u64(t.disk);
        w.u64(t.entries);
    }
    w.u32(summary.checks.len() as u32);
    for (rel, stamp) in &summary.checks {
        w.str(rel);
        w.stamp(stamp);
    }
    w.sealed()
}

/// Decodes a summary file, refusing it as [`codec::decode`] refuses an index.
fn decode(bytes: &[u8]) -> Result<Summary, Refused> {
    let mut r = codec::checked(bytes, SUMMARY_MAGIC)?;
    let mut summary = Summary {
        dev: r.u64()?,
        ino: r.u64()?,
        scanned_at: r.time()?,
        root_disk: r.u64()?,
        ..Summary::default()
    };
    for _ in 0..r.count()? {
        summary.tops.push(TopTotal {
            name: r.str()?.to_string(),
            is_dir: r.u8()? != 0,
            disk: r.u64()?,
            entries: r.u64()?,
        });
    }
    for _ in 0..r.count()? {
        summary.checks.push((r.str()?.to_string(), r.stamp()?));
    }
    r.end()?;
    Ok(summary)
}
