//! One parallel walk of a cache, fd-relative, never following a symlink.
//!
//! Directories are work items of a `pool`; each worker opens a directory relative to
//! its parent's descriptor (`openat` with `O_NOFOLLOW`), lists it with `getdents`, and `lstat`s
//! each child relative to the directory (`fstatat(AT_SYMLINK_NOFOLLOW)`), so no path is resolved
//! twice. Items hold their parent's descriptor through an `Arc`, which bounds open descriptors by
//! the number of directories with unvisited children. File contents are never read.
//!
//! Sizes follow `du -s -B1` and `uv cache size`: allocated blocks, directories included,
//! symlinks not followed, an inode with several links counted once (the first visit wins).
//! Entries that vanish mid-walk are skipped; unreadable ones are reported and skipped.
//!
//! While walking, every file is attributed to the cache entry its path belongs to
//! ([`crate::cache::layout::entry_depth`]); the [`crate::cache::inventory`] turns those sums into entries.

use foldhash::HashMap;
use std::ffi::{CStr, CString, OsStr};
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir, Stat};
use rustix::io::Errno;

use crate::cache::layout::releases::EntryNames;
use crate::cache::layout::{self, Bucket, BucketSet, RootClass};
use crate::cache::links::{LinkTarget, reference_pruned, resolve_link};
use crate::cache::sums::{Accum, TopItem, add_file, blocks};
use crate::error::{Error, Result};
use crate::pool;
use crate::progress::Progress;

/// A path that could not be read, and why; the walk went on without it.
#[derive(Debug, Clone)]
pub struct WalkIssue {
    /// The path.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Everything one walk learned.
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

/// Where a directory sits: between buckets and entries, or inside an entry.
#[derive(Debug, Clone)]
enum Place {
    /// Above entry level: `depth` components below the bucket directory.
    Structural {
        bucket: Bucket,
        /// How this bucket version names its entries (read once per bucket from the table).
        names: EntryNames,
        depth: usize,
        first: Option<Arc<str>>,
    },
    /// Inside an entry; `depth` 1 is the entry directory itself.
    InEntry {
        entry: Arc<str>,
        depth: usize,
        revisions: bool,
    },
}

struct Job {
    parent: Arc<OwnedFd>,
    name: CString,
    /// Path of this directory relative to the root.
    rel: Arc<str>,
    top: usize,
    /// Whether symlinks here are archive references (wheels, sdists, environments buckets).
    links: bool,
    /// Entries here are counted by their own directory only, not walked (archive contents in a
    /// shallow walk).
    shallow: bool,
    place: Place,
}

const INODE_SHARDS: usize = 32;

struct Shared<'a> {
    /// Inodes with more than one link, each with the entry that owns its bytes so far,
    /// sharded to spread lock contention.
    seen: Vec<Mutex<HashMap<(u64, u64), Owner>>>,
    root: &'a Path,
    progress: &'a dyn Progress,
}

/// The entry whose sums get the bytes of an inode with several links. When the cache holds
/// the inode more than once (an archive hardlinked into a cached environment, a `files-v0`
/// blob into an archive), the entry whose path sorts first owns it: the same entry on every
/// run, whichever worker reaches a link first. The other entries count it nowhere, neither in
/// `disk` nor in `shared`, so an entry's `shared` never exceeds its `disk`.
struct Owner {
    entry: Arc<str>,
    top: usize,
    blocks: u64,
}

/// Size of a worker's `getdents` buffer.
const DIR_BUFFER: usize = 32 * 1024;

/// Per-worker results, merged at the end.
#[derive(Default)]
struct Local {
    buf: Vec<MaybeUninit<u8>>,
    entries: HashMap<Arc<str>, Accum>,
    top_disk: HashMap<usize, u64>,
    issues: Vec<WalkIssue>,
}

/// Walks the cache at `root` with `threads` workers. `interrupted` is polled once per
/// directory; when it returns true the walk stops with [`Error::Interrupted`]. A `shallow` walk
/// does not descend into archives and blobs (`archive-v0/<id>`, `files-v0/<xx>`): enough for
/// clean and prune, whose plans need pointers and references, not the bytes behind them.
pub fn walk(
    root: &Path,
    set: &BucketSet,
    threads: usize,
    shallow: bool,
    interrupted: &(dyn Fn() -> bool + Sync),
    progress: &dyn Progress,
) -> Result<Walk> {
    walk_part(root, set, threads, shallow, interrupted, progress, &|_| {
        true
    })
}

/// [`walk`] restricted to the top-level items `include` accepts (given their bucket, `None`
/// for markers, staging and unknown items); the others are not even listed.
pub fn walk_part(
    root: &Path,
    set: &BucketSet,
    threads: usize,
    shallow: bool,
    interrupted: &(dyn Fn() -> bool + Sync),
    progress: &dyn Progress,
    include: &dyn Fn(Option<Bucket>) -> bool,
) -> Result<Walk> {
    let meta = std::fs::symlink_metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingCache(root.to_path_buf()),
        _ => Error::io(root, e),
    })?;
    if !meta.is_dir() {
        return Err(Error::NotADirectory(root.to_path_buf()));
    }
    let root_fd = rustix::fs::open(
        root,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| Error::io(root, e.into()))?;
    let root_stat = rustix::fs::fstat(&root_fd).map_err(|e| Error::io(root, e.into()))?;
    let root_fd = Arc::new(root_fd);

    let shared = Shared {
        seen: (0..INODE_SHARDS)
            .map(|_| Mutex::new(HashMap::default()))
            .collect(),
        root,
        progress,
    };

    let mut out = Walk {
        root_disk: blocks(&root_stat),
        ..Walk::default()
    };
    let mut local = Local::default();
    let mut jobs = Vec::new();
    let mut buf = vec![MaybeUninit::uninit(); DIR_BUFFER];
    let mut dir = RawDir::new(&*root_fd, &mut buf);
    while let Some(item) = dir.next() {
        let item = item.map_err(|e| Error::io(root, e.into()))?;
        let name = item.file_name();
        if is_dot(name) {
            continue;
        }
        let Some(stat) = stat_child(&shared, &root_fd, name, "", &mut local.issues) else {
            continue;
        };
        let name_str = String::from_utf8_lossy(name.to_bytes()).into_owned();
        let is_dir = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
        let class = set.classify_root(&name_str, is_dir);
        let bucket = match class {
            RootClass::Bucket { bucket, .. } => Some(bucket),
            _ => None,
        };
        if !include(bucket) {
            continue;
        }
        let top = out.top.len();
        let rel: Arc<str> = Arc::from(name_str.as_str());
        let disk = shared.count(&stat, &rel, top);
        out.top.push(TopItem {
            name: name_str.clone(),
            class,
            is_dir,
            disk: 0,
        });
        *local.top_disk.entry(top).or_default() += disk;
        match (class, is_dir) {
            (
                RootClass::Bucket {
                    bucket, version, ..
                },
                true,
            ) => {
                jobs.push(Job {
                    parent: root_fd.clone(),
                    name: name.to_owned(),
                    rel,
                    top,
                    links: bucket.holds_archive_links(),
                    shallow: shallow && matches!(bucket, Bucket::Archive | Bucket::Files),
                    place: Place::Structural {
                        bucket,
                        names: layout::releases().entry_names(bucket, version),
                        depth: 0,
                        first: None,
                    },
                });
            }
            _ => {
                let mut accum = Accum {
                    top,
                    is_dir,
                    ..Accum::default()
                };
                add_file(&mut accum, &stat, disk, true);
                if is_dir {
                    jobs.push(Job {
                        parent: root_fd.clone(),
                        name: name.to_owned(),
                        rel: rel.clone(),
                        top,
                        links: false,
                        shallow: false,
                        place: Place::InEntry {
                            entry: rel.clone(),
                            depth: 1,
                            revisions: false,
                        },
                    });
                }
                local.entries.entry(rel).or_default().merge(accum);
            }
        }
    }
    let (results, stopped) = pool::run(
        jobs,
        threads,
        interrupted,
        |job, local: &mut Local, pushed| {
            pushed.extend(visit(&shared, job, local));
        },
    );
    if stopped {
        return Err(Error::Interrupted);
    }
    let owners = shared.seen;
    // Merge into the largest worker map rather than into a fresh one: one map fewer at peak.
    let mut parts: Vec<Local> = std::iter::once(local).chain(results).collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.entries.len()));
    for (i, part) in parts.into_iter().enumerate() {
        for (top, disk) in part.top_disk {
            out.top[top].disk += disk;
        }
        if i == 0 {
            out.entries = part.entries;
        } else {
            for (key, accum) in part.entries {
                out.entries.entry(key).or_default().merge(accum);
            }
        }
        out.issues.extend(part.issues);
    }
    // Inodes with several links, counted once, at their owner.
    for owner in owners
        .into_iter()
        .filter_map(|shard| shard.into_inner().ok())
        .flat_map(HashMap::into_values)
    {
        out.top[owner.top].disk += owner.blocks;
        let accum = out.entries.entry(owner.entry).or_default();
        accum.disk += owner.blocks;
        accum.shared += owner.blocks;
    }
    for links in out.entries.values_mut().filter_map(|a| a.links.as_mut()) {
        links.references.sort();
        links.references.dedup();
    }
    Ok(out)
}

impl Shared<'_> {
    /// Allocated bytes of `stat` to count now, in `entry`: a directory or a file with one
    /// link. A file with several links counts 0 here; it is claimed for `entry`, and after the
    /// walk its bytes go to its [`Owner`].
    fn count(&self, stat: &Stat, entry: &Arc<str>, top: usize) -> u64 {
        let is_dir = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
        if stat.st_nlink > 1 && !is_dir {
            let key = (stat.st_dev, stat.st_ino);
            let shard = (stat.st_ino as usize) % INODE_SHARDS;
            if let Ok(mut seen) = self.seen[shard].lock() {
                seen.entry(key)
                    .and_modify(|owner| {
                        if *entry < owner.entry {
                            owner.entry = entry.clone();
                            owner.top = top;
                        }
                    })
                    .or_insert_with(|| Owner {
                        entry: entry.clone(),
                        top,
                        blocks: blocks(stat),
                    });
            }
            return 0;
        }
        blocks(stat)
    }
}

fn is_dot(name: &CStr) -> bool {
    matches!(name.to_bytes(), b"." | b"..")
}

fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

fn stat_child(
    shared: &Shared<'_>,
    dir: &OwnedFd,
    name: &CStr,
    rel: &str,
    issues: &mut Vec<WalkIssue>,
) -> Option<Stat> {
    match rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(stat) => Some(stat),
        Err(Errno::NOENT) => None,
        Err(e) => {
            let path = shared
                .root
                .join(rel)
                .join(OsStr::from_bytes(name.to_bytes()));
            issues.push(WalkIssue {
                path,
                message: std::io::Error::from(e).to_string(),
            });
            None
        }
    }
}

fn visit(shared: &Shared<'_>, job: Job, local: &mut Local) -> Vec<Job> {
    let dir_path = || shared.root.join(&*job.rel);
    let fd = match rustix::fs::openat(
        &*job.parent,
        &*job.name,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    ) {
        Ok(fd) => Arc::new(fd),
        Err(Errno::NOENT) => return Vec::new(),
        Err(e) => {
            local.issues.push(WalkIssue {
                path: dir_path(),
                message: std::io::Error::from(e).to_string(),
            });
            return Vec::new();
        }
    };
    drop(job.parent);
    // One getdents buffer per worker, reused: names are borrowed from it, not copied.
    let mut buf = std::mem::take(&mut local.buf);
    if buf.is_empty() {
        buf = vec![MaybeUninit::uninit(); DIR_BUFFER];
    }
    let mut dir = RawDir::new(&*fd, &mut buf);
    let mut children = Vec::new();
    let mut top_disk = 0u64;
    // Sums for the entry this directory is inside, merged once per directory.
    let mut own = match &job.place {
        Place::InEntry { .. } => Some(Accum {
            top: job.top,
            ..Accum::default()
        }),
        Place::Structural { .. } => None,
    };
    let mut grouped: HashMap<Arc<str>, Accum> = HashMap::default();
    let mut walked = 0u64;
    while let Some(item) = dir.next() {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                local.issues.push(WalkIssue {
                    path: dir_path(),
                    message: std::io::Error::from(e).to_string(),
                });
                break;
            }
        };
        let name = item.file_name();
        if is_dot(name) {
            continue;
        }
        let Some(stat) = stat_child(shared, &fd, name, &job.rel, &mut local.issues) else {
            continue;
        };
        walked += 1;
        let file_type = FileType::from_raw_mode(stat.st_mode);
        let is_dir = file_type == FileType::Directory;
        let name_str = String::from_utf8_lossy(name.to_bytes());
        let child_rel = || -> Arc<str> { Arc::from(join(&job.rel, &name_str)) };

        // Which entry the child belongs to, and how to walk it if it is a directory.
        let (target, child_place): (Option<Arc<str>>, Option<Place>) = match &job.place {
            Place::InEntry {
                entry,
                depth,
                revisions,
            } => {
                if is_dir && *depth == 1 && *revisions {
                    let key = child_rel();
                    (
                        Some(key.clone()),
                        Some(Place::InEntry {
                            entry: key,
                            depth: 1,
                            revisions: false,
                        }),
                    )
                } else {
                    (
                        None,
                        is_dir.then(|| Place::InEntry {
                            entry: entry.clone(),
                            depth: depth + 1,
                            revisions: false,
                        }),
                    )
                }
            }
            Place::Structural {
                bucket,
                names,
                depth,
                first,
            } => {
                let depth = depth + 1;
                let first = first
                    .clone()
                    .unwrap_or_else(|| Arc::from(name_str.as_ref()));
                match layout::entry_depth(*bucket, *names, &first) {
                    Some((entry_depth, group)) if depth == entry_depth => {
                        let stem = if group {
                            layout::entry_stem(&name_str)
                        } else {
                            &name_str
                        };
                        let key: Arc<str> = Arc::from(join(&job.rel, stem));
                        let revisions = layout::has_revisions(*bucket, &first);
                        (
                            Some(key.clone()),
                            is_dir.then_some(Place::InEntry {
                                entry: key,
                                depth: 1,
                                revisions,
                            }),
                        )
                    }
                    Some((entry_depth, _)) if depth < entry_depth && is_dir => (
                        None,
                        Some(Place::Structural {
                            bucket: *bucket,
                            names: *names,
                            depth,
                            first: Some(first),
                        }),
                    ),
                    // Unknown layout, a stray file above entry level, or a bucket marker file.
                    _ => {
                        let key = child_rel();
                        (
                            Some(key.clone()),
                            is_dir.then_some(Place::InEntry {
                                entry: key,
                                depth: 1,
                                revisions: false,
                            }),
                        )
                    }
                }
            }
        };

        // Structural directories count for the bucket; everything else in its entry.
        let disk = match target.as_ref().or(match &job.place {
            Place::InEntry { entry, .. } => Some(entry),
            Place::Structural { .. } => None,
        }) {
            Some(entry) => shared.count(&stat, entry, job.top),
            None => blocks(&stat),
        };
        top_disk += disk;
        let accum = match (&target, own.as_mut()) {
            (Some(key), _) => grouped.entry(key.clone()).or_insert_with(|| Accum {
                top: job.top,
                ..Accum::default()
            }),
            (None, Some(own)) => own,
            (None, None) => {
                // A structural directory: its blocks count for the bucket only.
                if let Some(place) = child_place {
                    children.push(Job {
                        parent: fd.clone(),
                        name: name.to_owned(),
                        rel: child_rel(),
                        top: job.top,
                        links: job.links,
                        shallow: job.shallow,
                        place,
                    });
                }
                continue;
            }
        };
        let pointer_level =
            target.is_some() || matches!(job.place, Place::InEntry { depth: 1, .. });
        add_file(accum, &stat, disk, pointer_level);
        if is_dir && target.is_some() {
            accum.is_dir = true;
        }
        if target.is_some() {
            accum.has_rev |= name_str.ends_with(".rev");
            accum.members |= layout::member_bit(&name_str);
        }
        if name_str.ends_with(".whl") && accum.links.as_ref().is_none_or(|l| l.wheel_hint.is_none())
        {
            accum.links_mut().wheel_hint = Some(name_str.to_string());
        }
        if file_type == FileType::Symlink
            && job.links
            && let Ok(target_path) = rustix::fs::readlinkat(&*fd, name, Vec::new())
        {
            let target_path = String::from_utf8_lossy(target_path.to_bytes()).into_owned();
            match resolve_link(shared.root, &job.rel, &target_path) {
                LinkTarget::Archive(rel) => {
                    let links = accum.links_mut();
                    if links.wheel_hint.is_none() {
                        links.wheel_hint = Some(name_str.to_string());
                    }
                    links.link_targets.push(rel.clone());
                    if !reference_pruned(&name_str) {
                        links
                            .reference_links
                            .push((join(&job.rel, &name_str), rel.clone()));
                    }
                    links.references.push(rel);
                }
                LinkTarget::Inside(rel) => accum.links_mut().link_targets.push(rel),
                LinkTarget::Outside => accum
                    .links_mut()
                    .external_links
                    .push(join(&job.rel, &name_str)),
            }
        }
        if let Some(place) = child_place
            && !(job.shallow && target.is_some())
        {
            children.push(Job {
                parent: fd.clone(),
                name: name.to_owned(),
                rel: child_rel(),
                top: job.top,
                links: job.links && !reference_pruned(&name_str),
                shallow: job.shallow,
                place,
            });
        }
    }
    local.buf = buf;
    *local.top_disk.entry(job.top).or_default() += top_disk;
    shared.progress.walked(walked);
    if let (Place::InEntry { entry, .. }, Some(own)) = (&job.place, own) {
        local.entries.entry(entry.clone()).or_default().merge(own);
    }
    for (key, accum) in grouped {
        local.entries.entry(key).or_default().merge(accum);
    }
    children
}
