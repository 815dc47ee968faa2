//! What `ls` and `envs` answer, kept beside the summary in a file of its own
//! (`<dev>-<ino>.ls`): the inventory's entries as one target release judged them, from the
//! same scan as the summary. The summary's checks prove the listing current too, so a
//! listing answers with the summary's stats and one read, and builds nothing: on the
//! benchmark's cache, decoding 45 MB of records and building the inventory again cost more
//! than twice `uv cache size`'s time alone.
//!
//! An entry's last use is the one thing no directory stamp shows: uv reading a pointer file
//! moves only that file's access time. A listing is taken with every pointer file stat'ed,
//! and answers only within [`LAST_USE_WINDOW`] of that; past it, the caller revalidates the
//! index down to the pointer files and writes a new listing.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::cache::entry::{Entry, EntryKind, LastUseSource, Source, Status};
use crate::cache::index::NotWritten;
use crate::cache::index::codec::{self, Reader, Refused, Writer};
use crate::cache::index::summary::Summary;
use crate::cache::inventory::Inventory;
use crate::cache::layout::{Bucket, BucketSet};

/// How long after its pointer files were stat'ed a listing may answer: reads of entries in
/// that time may be missing from `last_use` (relatime only moves an access time once a day
/// anyway). Plans that delete never use a listing.
pub const LAST_USE_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The first bytes of every listing file.
const MAGIC: &[u8; 16] = b"UVCACHE-LISTING\n";

/// The listing file of the root with this device and inode.
fn named(dir: &Path, dev: u64, ino: u64) -> PathBuf {
    dir.join(format!("{dev:x}-{ino:x}.ls"))
}

/// Which scan and which judgement a listing holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// The root's device and inode.
    pub root_id: (u64, u64),
    /// When the scan began: the summary of the same scan has the same time.
    pub scanned_at: (i64, u32),
    /// When the pointer files were stat'ed (the entries' last use read).
    pub checked_at: SystemTime,
}

/// Writes the entries of `inventory`, judged by `set`, as the listing of `generation`.
/// Returns why not, if it was not written; a missing listing only costs a slower answer.
pub fn write(
    dir: &Path,
    generation: &Generation,
    set: &BucketSet,
    inventory: &Inventory,
) -> Result<(), NotWritten> {
    if !inventory.issues.is_empty() {
        return Err(NotWritten::Unreadable);
    }
    let mut w = Writer::headed(MAGIC, 256 * inventory.entries.len() + 256);
    w.u64(generation.root_id.0);
    w.u64(generation.root_id.1);
    w.time(generation.scanned_at);
    w.time(super::seconds(generation.checked_at));
    w.str(&set.fingerprint());
    let chunks = inventory.entries.chunks(CHUNK);
    w.u32(chunks.len() as u32);
    for chunk in chunks {
        let mut part = Writer(Vec::with_capacity(256 * chunk.len()));
        part.u32(chunk.len() as u32);
        for entry in chunk {
            put(&mut part, entry);
        }
        w.block(part);
    }
    Ok(super::write_beside(
        &named(dir, generation.root_id.0, generation.root_id.1),
        &w.sealed(),
    )?)
}

/// A listing read back.
#[derive(Debug)]
pub struct Listing {
    root_id: (u64, u64),
    scanned_at: (i64, u32),
    entries: Vec<Entry>,
}

/// The listing of `root`, if it has one judged by `set` whose last use is fresh at `now`;
/// whether it is current is for [`Listing::answer`] to say, with the summary. It needs no
/// summary to be read, so the two can be read at once.
pub fn read(dir: &Path, root: &Path, set: &BucketSet, now: SystemTime) -> Option<Listing> {
    let (dev, ino) = super::identity(&crate::os::handle::lstat(root).ok()?);
    let bytes = std::fs::read(named(dir, dev, ino)).ok()?;
    let mut r = codec::checked(&bytes, MAGIC).ok()?;
    let root_id = (r.u64().ok()?, r.u64().ok()?);
    let scanned_at = r.time().ok()?;
    let checked_at = super::time(r.time().ok()?);
    let fresh = now
        .duration_since(checked_at)
        .is_ok_and(|age| age <= LAST_USE_WINDOW);
    if root_id != (dev, ino) || !fresh || r.str().ok()? != set.fingerprint() {
        return None;
    }
    let entries = entries(&mut r).ok()?;
    Some(Listing {
        root_id,
        scanned_at,
        entries,
    })
}

impl Listing {
    /// The inventory of `root`, if this listing is of the scan `summary` (checked current by
    /// [`super::summary::current`]) describes; its totals are the summary's, judged by `set`.
    pub fn answer(self, root: &Path, summary: &Summary, set: &BucketSet) -> Option<Inventory> {
        if self.root_id != (summary.dev, summary.ino) || self.scanned_at != summary.scanned_at {
            return None;
        }
        let (top, _): (Vec<_>, Vec<_>) = summary.top_items(set).into_iter().unzip();
        Some(Inventory {
            root: root.to_path_buf(),
            entries: self.entries,
            top,
            total_disk: summary.total_disk(),
            root_disk: summary.root_disk,
            issues: Vec::new(),
        })
    }
}

/// Entries in a block of their own: blocks are decoded on all cores.
const CHUNK: usize = 4096;

/// The entries, their blocks decoded on all cores (making 50k entries' texts is most of the
/// time a listing takes to answer).
fn entries(r: &mut Reader<'_>) -> Result<Vec<Entry>, Refused> {
    let mut blocks = (0..r.count()?)
        .map(|_| r.block())
        .collect::<Result<Vec<_>, _>>()?;
    r.end()?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per = blocks.len().div_ceil(threads).max(1);
    let decoded: Vec<Result<Vec<Entry>, Refused>> = std::thread::scope(|scope| {
        let handles: Vec<_> = blocks
            .chunks_mut(per)
            .map(|part| scope.spawn(move || decode_blocks(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or(Err(Refused::Corrupt("a decoder panicked")))
            })
            .collect()
    });
    let mut out = Vec::new();
    for part in decoded {
        let part = part?;
        if out.is_empty() {
            out = part;
        } else {
            out.extend(part);
        }
    }
    Ok(out)
}

fn decode_blocks(blocks: &mut [Reader<'_>]) -> Result<Vec<Entry>, Refused> {
    let mut out = Vec::with_capacity(blocks.len() * CHUNK);
    for r in blocks {
        for _ in 0..r.count()? {
            out.push(get(r)?);
        }
        r.end()?;
    }
    Ok(out)
}

/// A fieldless enum as its place in `ALL` (the listing is read by the release that wrote it).
fn place<T: PartialEq>(all: &[T], value: &T) -> u8 {
    all.iter().position(|v| v == value).unwrap_or(0) as u8
}

fn of<T: Copy>(all: &[T], i: u8) -> Result<T, Refused> {
    all.get(usize::from(i))
        .copied()
        .ok_or(Refused::Corrupt("an unknown name"))
}

fn put(w: &mut Writer, e: &Entry) {
    w.str(&e.path);
    w.opt_str(e.bucket.map(Bucket::prefix));
    w.u32(e.bucket_version.map_or(0, |v| v.saturating_add(1)));
    w.u8(place(&EntryKind::ALL, &e.kind));
    w.u8(e.source.map_or(0, |s| place(&Source::ALL, &s) + 1));
    w.opt_str(e.package.as_deref());
    w.opt_str(e.version.as_deref());
    w.opt_str(e.digest.as_deref());
    for v in [e.disk, e.apparent, e.shared, e.files, e.reclaimable] {
        w.u64(v);
    }
    w.opt_time(e.modified.map(super::seconds));
    w.opt_time(e.last_use.map(super::seconds));
    w.u8(u8::from(e.last_use_source == LastUseSource::Atime));
    w.strs(&e.references);
    w.strs(&e.external_links);
    w.pairs(&e.reference_links);
    w.u8(place(&Status::ALL, &e.status));
    w.u8(e.members);
}

fn get(r: &mut Reader<'_>) -> Result<Entry, Refused> {
    let path = r.str()?.to_string();
    let bucket = match r.opt_str()? {
        None => None,
        Some(prefix) => {
            Some(Bucket::from_prefix(prefix).ok_or(Refused::Corrupt("an unknown bucket"))?)
        }
    };
    let bucket_version = r.u32()?.checked_sub(1);
    let kind = of(&EntryKind::ALL, r.u8()?)?;
    let source = match r.u8()? {
        0 => None,
        i => Some(of(&Source::ALL, i - 1)?),
    };
    let package = r.opt_str()?.map(str::to_string);
    let version = r.opt_str()?.map(str::to_string);
    let digest = r.opt_str()?.map(str::to_string);
    let mut v = [0u64; 5];
    for slot in &mut v {
        *slot = r.u64()?;
    }
    let modified = r.opt_time()?.map(super::time);
    let last_use = r.opt_time()?.map(super::time);
    let last_use_source = if r.u8()? == 1 {
        LastUseSource::Atime
    } else {
        LastUseSource::Mtime
    };
    let references = r.strs()?;
    let external_links = r.strs()?;
    let reference_links = r.pairs()?;
    let status = of(&Status::ALL, r.u8()?)?;
    let members = r.u8()?;
    Ok(Entry {
        path,
        bucket,
        bucket_version,
        kind,
        source,
        package,
        version,
        digest,
        disk: v[0],
        apparent: v[1],
        shared: v[2],
        files: v[3],
        reclaimable: v[4],
        modified,
        last_use,
        last_use_source,
        references,
        external_links,
        reference_links,
        status,
        members,
        used_by: None,
    })
}
