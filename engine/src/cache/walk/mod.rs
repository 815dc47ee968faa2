//! One parallel walk of a cache, fd-relative, never following a symlink.
//!
//! Directories are work items of a `pool`; each worker opens a directory relative to
//! its parent's descriptor (`openat` with `O_NOFOLLOW`), lists it with `getdents`, and `lstat`s
//! each child relative to the directory (`fstatat(AT_SYMLINK_NOFOLLOW)`), so no path is resolved
//! twice. Items hold their parent's descriptor through an `Arc`, which bounds open descriptors by
//! the number of directories with unvisited children. File contents are never read.
//!
//! Sizes follow `du -s -B1` and `uv cache size`: allocated blocks, directories included,
//! symlinks not followed, an inode with several links counted once, at the entry whose path
//! sorts first ([`RawWalk::finish`]). Entries that vanish mid-walk are skipped; unreadable ones
//! are reported and skipped.
//!
//! While walking, every file is attributed to the cache entry its path belongs to
//! ([`crate::cache::layout::entry_depth`]); the [`crate::cache::inventory`] turns those sums into
//! entries. A walk can also start below the root, at the directories the index found changed
//! ([`walk_from`]), and record what the index keeps: every directory's stamp, the stamps of
//! the files at each entry's pointer level, and where each file with several links is
//! ([`Recorded`]).

mod place;
mod visit;

use foldhash::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache::layout::{self, Bucket, BucketSet, RootClass};
use crate::cache::sums::{Accum, TopItem, add_file, blocks};
use crate::error::{Error, Result};
use crate::os::handle::{self, Dir, NameBuf};
use crate::os::meta::Meta;
use crate::pool;
use crate::scan::Scan;

use place::Place;
pub use place::{can_start, immutable};
pub use visit::Skip;
use visit::{Job, Local, Shared, stat_child};

/// A path that could not be read, and why; the walk went on without it.
#[derive(Debug, Clone)]
pub struct WalkIssue {
    /// The path.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Everything one walk learned, each inode with several links counted at its owner.
#[derive(Debug, Default)]
pub struct Walk {
    /// The root's own allocated bytes.
    pub root_disk: u64,
    /// Top-level items with their totals.
    pub top: Vec<TopItem>,
    /// Entries by key: the path relative to the root, `/`-separated.
    pub entries: HashMap<Arc<str>, Accum>,
    /// What could not be read.
    pub issues: Vec<WalkIssue>,
}

impl Walk {
    /// Total disk usage, as `uv cache size` and `du -s -B1` report it.
    pub fn total_disk(&self) -> u64 {
        self.root_disk + self.top.iter().map(|t| t.disk).sum::<u64>()
    }
}

/// A file with several links, as the walk met it: in which entry (and top-level item), and
/// its allocated bytes. The same inode met in several entries is one claim per entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The entry the link is in.
    pub entry: Arc<str>,
    /// Index of its top-level item.
    pub top: usize,
    /// Device and inode.
    pub dev: u64,
    pub ino: u64,
    /// Allocated bytes.
    pub blocks: u64,
}

/// What identifies a directory's or file's state without reading it: inode, size,
/// modification and change times (nanoseconds), and for files the access time (last use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    pub ino: u64,
    pub size: u64,
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub atime: (i64, u32),
}

impl Stamp {
    /// The stamp of `stat`.
    pub fn of(stat: &Meta) -> Stamp {
        Stamp {
            ino: stat.ino,
            size: stat.size,
            mtime: stat.mtime,
            ctime: stat.ctime,
            atime: stat.atime,
        }
    }

    /// The same state, access time aside.
    pub fn same(&self, other: &Stamp) -> bool {
        (self.ino, self.size, self.mtime, self.ctime)
            == (other.ino, other.size, other.mtime, other.ctime)
    }
}

/// A directory the walk read: above entries (`entry: None`, its blocks count for the bucket
/// only) or inside one. Inside archives and blobs only the entry's own directory is recorded:
/// uv never changes them once renamed into place.
#[derive(Debug, Clone)]
pub struct DirRecord {
    pub rel: Arc<str>,
    pub stamp: Stamp,
    /// Allocated bytes of the directory itself.
    pub blocks: u64,
    pub top: usize,
    pub entry: Option<Arc<str>>,
}

/// A file or directory at an entry's pointer level (what tells its last use), outside
/// archives and blobs.
#[derive(Debug, Clone)]
pub struct PointerRecord {
    pub entry: Arc<str>,
    pub rel: Arc<str>,
    pub stamp: Stamp,
}

/// What a recording walk keeps for the index.
#[derive(Debug, Default)]
pub struct Recorded {
    pub dirs: Vec<DirRecord>,
    pub pointers: Vec<PointerRecord>,
}

/// A walk before files with several links are given to their owners: what the index keeps.
#[derive(Debug, Default)]
pub struct RawWalk {
    /// The root's own allocated bytes.
    pub root_disk: u64,
    /// Top-level items; `disk` without the bytes of files with several links.
    pub top: Vec<TopItem>,
    /// Entries; `disk` and `shared` without the bytes of files with several links.
    pub entries: HashMap<Arc<str>, Accum>,
    pub issues: Vec<WalkIssue>,
    /// Every link of a file with several links.
    pub claims: Vec<Claim>,
    /// Directory and pointer stamps, when asked for.
    pub recorded: Recorded,
}

impl RawWalk {
    /// The walk with each file of several links counted once, at the entry whose path sorts
    /// first among those that hold it (the same entry on every run).
    pub fn finish(self) -> Walk {
        let RawWalk {
            root_disk,
            mut top,
            mut entries,
            issues,
            claims,
            ..
        } = self;
        for owner in owners(claims) {
            top[owner.top].disk += owner.blocks;
            let accum = entries.entry(owner.entry).or_default();
            accum.disk += owner.blocks;
            accum.shared += owner.blocks;
        }
        for links in entries.values_mut().filter_map(|a| a.links.as_mut()) {
            links.references.sort();
            links.references.dedup();
        }
        Walk {
            root_disk,
            top,
            entries,
            issues,
        }
    }
}

/// One claim per inode: the one of the entry whose path sorts first.
pub fn owners(mut claims: Vec<Claim>) -> impl Iterator<Item = Claim> {
    claims.sort_unstable_by(|a, b| (a.dev, a.ino, &a.entry).cmp(&(b.dev, b.ino, &b.entry)));
    claims.dedup_by(|later, first| (later.dev, later.ino) == (first.dev, first.ino));
    claims.into_iter()
}

/// Walks the cache at `root` with `threads` workers. `interrupted` is polled once per
/// directory; when it returns true the walk stops with [`Error::Interrupted`]. A `shallow` walk
/// does not descend into archives and blobs (`archive-v0/<id>`, `files-v0/<xx>`): enough for
/// clean and prune, whose plans need pointers and references, not the bytes behind them.
pub fn walk(root: &Path, set: &BucketSet, scan: Scan<'_>, shallow: bool) -> Result<Walk> {
    walk_part(root, set, scan, shallow, &|_| true).map(RawWalk::finish)
}

/// How a walk goes: which workers, what stops it, what it reports to, what it records.
pub struct WalkOptions<'a> {
    pub scan: Scan<'a>,
    pub shallow: bool,
    /// Record directory and pointer stamps ([`Recorded`]).
    pub record: bool,
    /// Directories and entries not to walk (the index has them unchanged).
    pub skip: Option<&'a Skip<'a>>,
}

impl<'a> WalkOptions<'a> {
    /// A full walk with these workers, checks and progress, recording what the index keeps.
    pub fn recording(scan: Scan<'a>) -> WalkOptions<'a> {
        WalkOptions {
            scan,
            shallow: false,
            record: true,
            skip: None,
        }
    }
}

/// [`walk`] restricted to the top-level items `include` accepts (given their bucket, `None`
/// for markers, staging and unknown items); the others are not even listed.
pub fn walk_part(
    root: &Path,
    set: &BucketSet,
    scan: Scan<'_>,
    shallow: bool,
    include: &dyn Fn(Option<Bucket>) -> bool,
) -> Result<RawWalk> {
    let options = WalkOptions {
        scan,
        shallow,
        record: false,
        skip: None,
    };
    walk_root(root, set, &options, include)
}

/// Opens the root, refusing what is not a directory; its descriptor and stat.
pub(crate) fn open_root(root: &Path) -> Result<(Arc<Dir>, Meta)> {
    let meta = std::fs::symlink_metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingCache(root.to_path_buf()),
        _ => Error::io(root, e),
    })?;
    if !meta.is_dir() {
        return Err(Error::NotADirectory(root.to_path_buf()));
    }
    let root_fd = Dir::open(root).map_err(|e| Error::io(root, e))?;
    let root_stat = root_fd.stat().map_err(|e| Error::io(root, e))?;
    Ok((Arc::new(root_fd), root_stat))
}

/// The whole walk from the root: its listing, then every accepted top-level item.
pub fn walk_root(
    root: &Path,
    set: &BucketSet,
    options: &WalkOptions<'_>,
    include: &dyn Fn(Option<Bucket>) -> bool,
) -> Result<RawWalk> {
    let (root_fd, root_stat) = open_root(root)?;
    let shared = Shared::new(root, options);
    let mut out = RawWalk {
        root_disk: blocks(&root_stat),
        ..RawWalk::default()
    };
    let mut local = Local::default();
    let mut jobs = Vec::new();
    let mut buf = crate::os::dir::buffer();
    let mut dir = crate::os::dir::Reader::new(&root_fd, &mut buf);
    while let Some(item) = dir.next() {
        let item = item.map_err(|e| Error::io(root, e))?;
        let name = item.file_name();
        if handle::is_dot(name) {
            continue;
        }
        let Some(stat) = stat_child(&shared, &root_fd, name, "", &mut local.issues) else {
            continue;
        };
        let name_str = handle::lossy(name).into_owned();
        let is_dir = stat.is_dir();
        let class = set.classify_root(&name_str, is_dir);
        let bucket = match class {
            RootClass::Bucket { bucket, .. } => Some(bucket),
            _ => None,
        };
        if !include(bucket) {
            continue;
        }
        let top = out.top.len();
        out.top.push(TopItem {
            name: name_str.clone(),
            class,
            is_dir,
            disk: 0,
        });
        if is_dir && options.skip.is_some_and(|skip| skip(&name_str, &stat)) {
            continue;
        }
        if let Some(job) = top_item(
            &shared,
            &mut local,
            &root_fd,
            name.to_owned(),
            &stat,
            top,
            class,
        ) {
            jobs.push(job);
        }
    }
    run(&shared, jobs, local, options, &mut out)?;
    Ok(out)
}

/// Counts one top-level item and returns the job that walks it, if it is a directory.
fn top_item(
    shared: &Shared<'_>,
    local: &mut Local,
    root_fd: &Arc<Dir>,
    name: NameBuf,
    stat: &Meta,
    top: usize,
    class: RootClass,
) -> Option<Job> {
    let name_str = handle::lossy(&name).into_owned();
    let is_dir = stat.is_dir();
    let rel: Arc<str> = Arc::from(name_str.as_str());
    if let (
        RootClass::Bucket {
            bucket, version, ..
        },
        true,
    ) = (class, is_dir)
    {
        // A bucket directory: its own blocks count for the bucket only.
        let disk = blocks(stat);
        *local.top_disk.entry(top).or_default() += disk;
        shared.record_dir(local, &rel, stat, top, None);
        return Some(Job {
            parent: root_fd.clone(),
            name,
            rel,
            top,
            links: bucket.holds_archive_links(),
            shallow: shared.shallow && matches!(bucket, Bucket::Archive | Bucket::Files),
            place: Place::Structural {
                bucket,
                names: layout::releases().entry_names(bucket, version),
                depth: 0,
                first: None,
            },
        });
    }
    let disk = shared.count(local, stat, &rel, top);
    *local.top_disk.entry(top).or_default() += disk;
    let mut accum = Accum {
        top,
        is_dir,
        ..Accum::default()
    };
    add_file(&mut accum, stat, disk, true);
    shared.record_pointer(local, &rel, &rel, stat);
    local.entries.entry(rel.clone()).or_default().merge(accum);
    is_dir.then(|| {
        shared.record_dir(local, &rel, stat, top, Some(&rel));
        Job {
            parent: root_fd.clone(),
            name,
            rel: rel.clone(),
            top,
            links: false,
            shallow: false,
            place: Place::InEntry {
                entry: rel,
                depth: 1,
                revisions: false,
            },
        }
    })
}

/// Runs `jobs` on the pool and merges every worker's sums into `out`.
fn run(
    shared: &Shared<'_>,
    jobs: Vec<Job>,
    local: Local,
    options: &WalkOptions<'_>,
    out: &mut RawWalk,
) -> Result<()> {
    let (results, stopped) = pool::run(
        jobs,
        options.scan.threads,
        options.scan.interrupted,
        |job, local: &mut Local, pushed| {
            pushed.extend(visit::visit(shared, job, local));
        },
    );
    if stopped {
        return Err(Error::Interrupted);
    }
    // Merge into the largest worker map rather than into a fresh one: one map fewer at peak.
    let mut parts: Vec<Local> = std::iter::once(local).chain(results).collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.entries.len()));
    for part in parts {
        for (top, disk) in part.top_disk {
            if let Some(item) = out.top.get_mut(top) {
                item.disk += disk;
            }
        }
        if out.entries.is_empty() {
            out.entries = part.entries;
        } else {
            for (key, accum) in part.entries {
                out.entries.entry(key).or_default().merge(accum);
            }
        }
        out.issues.extend(part.issues);
        out.claims.extend(part.claims);
        out.recorded.dirs.extend(part.recorded.dirs);
        out.recorded.pointers.extend(part.recorded.pointers);
    }
    Ok(())
}

/// Where a walk below the root starts: a directory (relative to the root) that is either
/// above entries or an entry's own directory, in top-level item `top`.
#[derive(Debug, Clone)]
pub struct Start {
    pub rel: String,
    pub top: usize,
}

/// Walks the directories of `starts` (and what is below them, each directory itself
/// included) as a whole walk would have. Their top-level items are `tops` (indexes as in the
/// caller's walk); a start that is gone or is not such a directory is left out.
pub fn walk_from(
    root: &Path,
    tops: &[TopItem],
    starts: &[Start],
    options: &WalkOptions<'_>,
) -> Result<RawWalk> {
    let (root_fd, _) = open_root(root)?;
    let shared = Shared::new(root, options);
    let mut out = RawWalk {
        top: tops
            .iter()
            .map(|t| TopItem {
                disk: 0,
                ..t.clone()
            })
            .collect(),
        ..RawWalk::default()
    };
    let mut local = Local::default();
    let jobs: Vec<Job> = starts
        .iter()
        .filter_map(|start| visit::start_job(&shared, &mut local, &root_fd, &start.rel, start.top))
        .collect();
    run(&shared, jobs, local, options, &mut out)?;
    Ok(out)
}
