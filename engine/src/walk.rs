//! One parallel walk of a cache, fd-relative, never following a symlink.
//!
//! Directories are work items of a [`pool`]; each worker opens a directory relative to
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
//! ([`crate::layout::entry_depth`]); the [`crate::inventory`] turns those sums into entries.

use foldhash::{HashMap, HashSet};
use std::ffi::{CStr, CString, OsStr};
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustix::fs::{AtFlags, FileType, Mode, OFlags, RawDir, Stat};
use rustix::io::Errno;

use crate::error::{Error, Result};
use crate::layout::{self, Bucket, BucketSet, RootClass};
use crate::pool;

/// A top-level item of the cache root.
#[derive(Debug, Clone)]
pub struct TopItem {
    /// Its name.
    pub name: String,
    /// What it is.
    pub class: RootClass,
    /// Whether it is a directory.
    pub is_dir: bool,
    /// Disk bytes of everything below it, itself included.
    pub disk: u64,
}

/// Sums for one cache entry, gathered while walking.
#[derive(Debug, Clone, Default)]
pub struct Accum {
    /// Index of the top-level item holding the entry.
    pub top: usize,
    /// Allocated bytes, hardlinked inodes counted at their first visit only.
    pub disk: u64,
    /// Apparent bytes (`st_size`) of files and symlinks.
    pub apparent: u64,
    /// Allocated bytes of files with more than one link (shared with a venv or another entry).
    pub shared: u64,
    /// Allocated bytes of files with one link: what removing the entry frees (uv's count).
    pub reclaimable: u64,
    /// Number of non-directory entries (files and symlinks).
    pub files: u64,
    /// Number of directories, the entry's own included.
    pub dirs: u64,
    /// Newest modification time (seconds, nanoseconds).
    pub modified: Option<(i64, u32)>,
    /// Newest access time of the entry's pointer level (its own files and first level).
    pub accessed: Option<(i64, u32)>,
    /// Newest modification time of the pointer level.
    pub pointer_modified: Option<(i64, u32)>,
    /// Links and name hints: most entries (archives, pages) have none, so they live apart to
    /// keep the per-entry sums small (the walk holds one per entry and worker).
    pub links: Option<Box<Links>>,
    /// Whether the entry's path is a directory (as opposed to a group of files).
    pub is_dir: bool,
    /// Whether the entry has a `.rev` pointer (a local file, not a download).
    pub has_rev: bool,
    /// Which of the entry's stem and pointer files exist ([`layout::member_bit`]), so that a
    /// plan can name them without asking the file system again.
    pub members: u8,
}

/// What an entry links to, and the wheel name seen in it.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Archive ids this entry links to (`archive-v0/<id>`).
    pub references: Vec<String>,
    /// Symlinks whose target leaves the cache root.
    pub external_links: Vec<String>,
    /// Targets (relative to the root) of every symlink inside the cache: checked after the walk
    /// for dangling links.
    pub link_targets: Vec<String>,
    /// `(link, archive)` pairs, both relative to the root, for the links uv's reference scan
    /// sees (not below `src`, not named like a lock, wheel or pointer file).
    pub reference_links: Vec<(String, String)>,
    /// A wheel file or stem seen in the entry (`tomli-2.5.0-py3-none-any.whl`): name source for
    /// sources whose path does not say the package.
    pub wheel_hint: Option<String>,
}

impl Links {
    fn merge(&mut self, other: Links) {
        self.references.extend(other.references);
        self.external_links.extend(other.external_links);
        self.link_targets.extend(other.link_targets);
        self.reference_links.extend(other.reference_links);
        if self.wheel_hint.is_none() {
            self.wheel_hint = other.wheel_hint;
        }
    }
}

impl Accum {
    /// The entry's links, created on first use.
    pub(crate) fn links_mut(&mut self) -> &mut Links {
        self.links.get_or_insert_with(Default::default)
    }

    pub(crate) fn merge(&mut self, other: Accum) {
        self.top = other.top;
        self.disk += other.disk;
        self.apparent += other.apparent;
        self.shared += other.shared;
        self.reclaimable += other.reclaimable;
        self.files += other.files;
        self.dirs += other.dirs;
        self.modified = self.modified.max(other.modified);
        self.accessed = self.accessed.max(other.accessed);
        self.pointer_modified = self.pointer_modified.max(other.pointer_modified);
        if let Some(links) = other.links {
            self.links_mut().merge(*links);
        }
        self.is_dir |= other.is_dir;
        self.has_rev |= other.has_rev;
        self.members |= other.members;
    }
}

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
    /// Inodes with more than one link already counted, sharded to spread lock contention.
    seen: Vec<Mutex<HashSet<(u64, u64)>>>,
    root: &'a Path,
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
) -> Result<Walk> {
    walk_part(root, set, threads, shallow, interrupted, &|_| true)
}

/// [`walk`] restricted to the top-level items `include` accepts (given their bucket, `None`
/// for markers, staging and unknown items); the others are not even listed.
pub fn walk_part(
    root: &Path,
    set: &BucketSet,
    threads: usize,
    shallow: bool,
    interrupted: &(dyn Fn() -> bool + Sync),
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
            .map(|_| Mutex::new(HashSet::default()))
            .collect(),
        root,
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
        let disk = shared.count(&stat);
        out.top.push(TopItem {
            name: name_str.clone(),
            class,
            is_dir,
            disk: 0,
        });
        *local.top_disk.entry(top).or_default() += disk;
        let rel: Arc<str> = Arc::from(name_str.as_str());
        match (class, is_dir) {
            (RootClass::Bucket { bucket, .. }, true) => {
                jobs.push(Job {
                    parent: root_fd.clone(),
                    name: name.to_owned(),
                    rel,
                    top,
                    links: bucket.holds_archive_links(),
                    shallow: shallow && matches!(bucket, Bucket::Archive | Bucket::Files),
                    place: Place::Structural {
                        bucket,
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
    for links in out.entries.values_mut().filter_map(|a| a.links.as_mut()) {
        links.references.sort();
        links.references.dedup();
    }
    Ok(out)
}

impl Shared<'_> {
    /// Allocated bytes of `stat`, or 0 if this inode was already counted.
    fn count(&self, stat: &Stat) -> u64 {
        let is_dir = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
        if stat.st_nlink > 1 && !is_dir {
            let key = (stat.st_dev, stat.st_ino);
            let shard = (stat.st_ino as usize) % INODE_SHARDS;
            let Ok(mut seen) = self.seen[shard].lock() else {
                return 0;
            };
            if !seen.insert(key) {
                return 0;
            }
        }
        blocks(stat)
    }
}

fn is_dot(name: &CStr) -> bool {
    matches!(name.to_bytes(), b"." | b"..")
}

fn blocks(stat: &Stat) -> u64 {
    (stat.st_blocks as u64).saturating_mul(512)
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

/// Adds one file, symlink or directory to an entry's sums. Directories count for disk usage
/// only: uv's removal figure counts files, and a directory's link count is no sharing.
fn add_file(accum: &mut Accum, stat: &Stat, disk: u64, pointer_level: bool) {
    let alloc = blocks(stat);
    accum.disk += disk;
    if FileType::from_raw_mode(stat.st_mode) == FileType::Directory {
        accum.dirs += 1;
    } else {
        accum.apparent += stat.st_size as u64;
        if stat.st_nlink > 1 {
            accum.shared += alloc;
        } else {
            accum.reclaimable += alloc;
        }
        accum.files += 1;
    }
    let mtime = (stat.st_mtime, stat.st_mtime_nsec as u32);
    accum.modified = accum.modified.max(Some(mtime));
    if pointer_level {
        accum.pointer_modified = accum.pointer_modified.max(Some(mtime));
        accum.accessed = accum
            .accessed
            .max(Some((stat.st_atime, stat.st_atime_nsec as u32)));
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
        let file_type = FileType::from_raw_mode(stat.st_mode);
        let is_dir = file_type == FileType::Directory;
        let disk = shared.count(&stat);
        top_disk += disk;
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
                depth,
                first,
            } => {
                let depth = depth + 1;
                let first = first
                    .clone()
                    .unwrap_or_else(|| Arc::from(name_str.as_ref()));
                match layout::entry_depth(*bucket, &first) {
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
    if let (Place::InEntry { entry, .. }, Some(own)) = (&job.place, own) {
        local.entries.entry(entry.clone()).or_default().merge(own);
    }
    for (key, accum) in grouped {
        local.entries.entry(key).or_default().merge(accum);
    }
    children
}

/// Names uv's archive-reference scan does not descend into or count (facts §4.2): `src`,
/// `.lock`, `.gitignore`, and anything ending in `.lock`, `.whl`, `.http`, `.rev`, `.msgpack`
/// (case-insensitive).
pub fn reference_pruned(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(lower.as_str(), "src" | ".lock" | ".gitignore")
        || lower.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && matches!(ext, "lock" | "whl" | "http" | "rev" | "msgpack")
        })
}

/// Where a symlink found in directory `rel` points.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An archive: `archive-v0/<id>` relative to the root.
    Archive(String),
    /// Something else inside the root (relative path).
    Inside(String),
    /// Outside the cache root.
    Outside,
}

/// Resolves a link target lexically (no file system access): relative targets against the
/// link's directory, absolute ones against the root path.
pub fn resolve_link(root: &Path, rel_dir: &str, target: &str) -> LinkTarget {
    let target_path = Path::new(target);
    let mut parts: Vec<&str> = Vec::new();
    let rest: Vec<&str> = if target_path.is_absolute() {
        match target_path.strip_prefix(root) {
            Ok(inside) => inside
                .to_str()
                .map(|s| s.split('/').collect())
                .unwrap_or_default(),
            Err(_) => return LinkTarget::Outside,
        }
    } else {
        parts.extend(rel_dir.split('/').filter(|p| !p.is_empty()));
        target.split('/').collect()
    };
    for part in rest {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return LinkTarget::Outside;
                }
            }
            p => parts.push(p),
        }
    }
    match parts.as_slice() {
        [bucket, _id]
            if layout::parse_bucket_name(bucket).is_some_and(|(b, _)| b == Bucket::Archive) =>
        {
            LinkTarget::Archive(parts.join("/"))
        }
        _ => LinkTarget::Inside(parts.join("/")),
    }
}
