//! The walk's worker side: one directory read, each child stat'ed and counted in its entry.

use foldhash::HashMap;
use std::mem::MaybeUninit;
use std::path::Path;
use std::sync::Arc;

use crate::cache::layout::releases::EntryNames;
use crate::cache::layout::{self, Bucket};
use crate::cache::links::{LinkTarget, reference_pruned, resolve_text};
use crate::cache::sums::{Accum, add_file, blocks};
use crate::cache::walk::{
    Claim, DirRecord, PointerRecord, Recorded, Stamp, WalkIssue, WalkOptions,
};
use crate::os::handle::{self, Dir, Name, NameBuf};
use crate::os::meta::{Kind, Meta, SIZE_COUNTS_EACH_NAME};
use crate::progress::Progress;

/// Whether the walk may leave a directory below an unchanged one to the index: given its
/// path relative to the root and its stat. Asked only for the directories of buckets
/// (between bucket and entries) and for entries that are directories of their own.
pub type Skip<'a> = dyn Fn(&str, &Meta) -> bool + Sync + 'a;

/// Where a directory sits: between buckets and entries, or inside an entry.
#[derive(Debug, Clone)]
pub(super) enum Place {
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

pub(super) struct Job {
    pub(super) parent: Arc<Dir>,
    pub(super) name: NameBuf,
    /// Path of this directory relative to the root.
    pub(super) rel: Arc<str>,
    pub(super) top: usize,
    /// Whether symlinks here are archive references (wheels, sdists, environments buckets).
    pub(super) links: bool,
    /// Entries here are counted by their own directory only, not walked (archive contents in a
    /// shallow walk).
    pub(super) shallow: bool,
    pub(super) place: Place,
}

pub(super) struct Shared<'a> {
    pub(super) root: &'a Path,
    progress: &'a dyn Progress,
    pub(super) shallow: bool,
    record: bool,
    skip: Option<&'a Skip<'a>>,
}

/// Per-worker results, merged at the end.
#[derive(Default)]
pub(super) struct Local {
    buf: Vec<MaybeUninit<u8>>,
    pub(super) entries: HashMap<Arc<str>, Accum>,
    pub(super) top_disk: HashMap<usize, u64>,
    pub(super) issues: Vec<WalkIssue>,
    pub(super) claims: Vec<Claim>,
    pub(super) recorded: Recorded,
}

impl<'a> Shared<'a> {
    pub(super) fn new(root: &'a Path, options: &WalkOptions<'a>) -> Shared<'a> {
        Shared {
            root,
            progress: options.progress,
            shallow: options.shallow,
            record: options.record,
            skip: options.skip,
        }
    }

    /// Allocated bytes of `stat` to count now, in `entry`: a directory or a file with one
    /// link. A file with several links counts 0 here: it is claimed for `entry`, and its
    /// bytes go to one owner after the walk ([`super::RawWalk::finish`]), so that an entry's
    /// `shared` never exceeds its `disk`.
    pub(super) fn count(
        &self,
        local: &mut Local,
        stat: &Meta,
        entry: &Arc<str>,
        top: usize,
    ) -> u64 {
        if stat.nlink > 1 && !stat.is_dir() && !SIZE_COUNTS_EACH_NAME {
            local.claims.push(Claim {
                entry: entry.clone(),
                top,
                dev: stat.dev,
                ino: stat.ino,
                blocks: blocks(stat),
            });
            return 0;
        }
        blocks(stat)
    }

    pub(super) fn record_dir(
        &self,
        local: &mut Local,
        rel: &Arc<str>,
        stat: &Meta,
        top: usize,
        entry: Option<&Arc<str>>,
    ) {
        if self.record {
            local.recorded.dirs.push(DirRecord {
                rel: rel.clone(),
                stamp: Stamp::of(stat),
                blocks: blocks(stat),
                top,
                entry: entry.cloned(),
            });
        }
    }

    /// Records a regular file at an entry's pointer level: its access time is the entry's
    /// last use ([`crate::cache::sums::add_file`]); links and directories change by renames,
    /// which their directory's stamp shows.
    pub(super) fn record_pointer(
        &self,
        local: &mut Local,
        entry: &Arc<str>,
        rel: &Arc<str>,
        stat: &Meta,
    ) {
        if self.record && stat.kind == Kind::File {
            local.recorded.pointers.push(PointerRecord {
                entry: entry.clone(),
                rel: rel.clone(),
                stamp: Stamp::of(stat),
            });
        }
    }
}

/// Whether a walk can start at the directory `rel`: a directory above entries or an entry's
/// own directory (not a revision inside an sdist entry, nor a directory inside an entry).
pub fn can_start(rel: &str) -> bool {
    place_of(rel).is_some()
}

/// Where the directory `rel` (relative to the root) sits, read from its path as the walk
/// would have found it: `None` for what is neither above entries nor an entry's own directory
/// (an entry grouped from several names, a directory inside an entry).
fn place_of(rel: &str) -> Option<(Place, bool)> {
    let parts: Vec<&str> = rel.split('/').collect();
    let Some((bucket, version)) = layout::parse_bucket_name(parts[0]) else {
        // An unknown directory at the root is an entry of its own.
        return (parts.len() == 1).then(|| {
            (
                Place::InEntry {
                    entry: Arc::from(rel),
                    depth: 1,
                    revisions: false,
                },
                false,
            )
        });
    };
    let names = layout::releases().entry_names(bucket, version);
    let depth = parts.len() - 1;
    let links = bucket.holds_archive_links() && !parts[1..].iter().any(|p| reference_pruned(p));
    if depth == 0 {
        let place = Place::Structural {
            bucket,
            names,
            depth: 0,
            first: None,
        };
        return Some((place, links));
    }
    let first = parts[1];
    match layout::entry_depth(bucket, names, first) {
        Some((entry_depth, _)) if depth < entry_depth => Some((
            Place::Structural {
                bucket,
                names,
                depth,
                first: Some(Arc::from(first)),
            },
            links,
        )),
        Some((entry_depth, false)) if depth == entry_depth => Some((
            Place::InEntry {
                entry: Arc::from(rel),
                depth: 1,
                revisions: layout::has_revisions(bucket, first),
            },
            links,
        )),
        None if depth == 1 => Some((
            Place::InEntry {
                entry: Arc::from(rel),
                depth: 1,
                revisions: false,
            },
            links,
        )),
        _ => None,
    }
}

/// The job that walks `rel` below `root_fd`, after counting the directory itself as its
/// parent's walk would: in its bucket when above entries, in its entry when it is one.
pub(super) fn start_job(
    shared: &Shared<'_>,
    local: &mut Local,
    root_fd: &Arc<Dir>,
    rel: &str,
    top: usize,
) -> Option<Job> {
    let (place, links) = place_of(rel)?;
    let (parent_rel, name) = match rel.rsplit_once('/') {
        Some((parent, name)) => (Some(parent), name),
        None => (None, rel),
    };
    let parent = match parent_rel {
        None => root_fd.clone(),
        Some(parent) => Arc::new(root_fd.open_rel(parent).ok()?),
    };
    let name = handle::name(name)?;
    let stat = stat_child(
        shared,
        &parent,
        &name,
        parent_rel.unwrap_or(""),
        &mut local.issues,
    )?;
    if !stat.is_dir() {
        return None;
    }
    let rel: Arc<str> = Arc::from(rel);
    match &place {
        Place::Structural { .. } => {
            *local.top_disk.entry(top).or_default() += blocks(&stat);
            shared.record_dir(local, &rel, &stat, top, None);
        }
        Place::InEntry { entry, .. } => {
            let disk = shared.count(local, &stat, entry, top);
            *local.top_disk.entry(top).or_default() += disk;
            let mut accum = Accum {
                top,
                is_dir: true,
                ..Accum::default()
            };
            add_file(&mut accum, &stat, disk, true);
            shared.record_dir(local, &rel, &stat, top, Some(entry));
            if !immutable(&rel) {
                shared.record_pointer(local, entry, &rel, &stat);
            }
            local.entries.entry(entry.clone()).or_default().merge(accum);
        }
    }
    Some(Job {
        parent,
        name,
        rel,
        top,
        links,
        shallow: false,
        place,
    })
}

/// Whether `rel` is in a bucket whose entries uv never changes once in place (archives and
/// blobs): their inner directories and pointer files are not recorded.
pub fn immutable(rel: &str) -> bool {
    let bucket = rel.split('/').next().and_then(layout::parse_bucket_name);
    matches!(bucket, Some((Bucket::Archive | Bucket::Files, _)))
}

fn join(rel: &str, name: &str) -> String {
    let mut path = String::with_capacity(rel.len() + 1 + name.len());
    push_joined(&mut path, rel, name);
    path
}

/// [`join`] as the shared string a record keeps, built in a buffer the thread reuses: one
/// allocation per path (a walk makes some 200k) instead of a `String` and its copy.
fn joined(rel: &str, name: &str) -> Arc<str> {
    thread_local! {
        static PATH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    PATH.with_borrow_mut(|path| {
        path.clear();
        push_joined(path, rel, name);
        Arc::from(path.as_str())
    })
}

fn push_joined(path: &mut String, rel: &str, name: &str) {
    if !rel.is_empty() {
        path.push_str(rel);
        path.push('/');
    }
    path.push_str(name);
}

pub(super) fn stat_child(
    shared: &Shared<'_>,
    dir: &Dir,
    name: &Name,
    rel: &str,
    issues: &mut Vec<WalkIssue>,
) -> Option<Meta> {
    match dir.stat_at(name) {
        Ok(stat) => Some(stat),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            let path = shared.root.join(rel).join(handle::name_path(name));
            issues.push(WalkIssue {
                path,
                message: e.to_string(),
            });
            None
        }
    }
}

pub(super) fn visit(shared: &Shared<'_>, job: Job, local: &mut Local) -> Vec<Job> {
    let immutable = immutable(&job.rel);
    let dir_path = || shared.root.join(&*job.rel);
    let fd = match job.parent.open_at(&job.name) {
        Ok(fd) => Arc::new(fd),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            local.issues.push(WalkIssue {
                path: dir_path(),
                message: e.to_string(),
            });
            return Vec::new();
        }
    };
    drop(job.parent);
    // One getdents buffer per worker, reused: names are borrowed from it, not copied.
    let mut buf = std::mem::take(&mut local.buf);
    if buf.is_empty() {
        buf = crate::os::dir::buffer();
    }
    let mut dir = crate::os::dir::Reader::new(&fd, &mut buf);
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
                    message: e.to_string(),
                });
                break;
            }
        };
        let name = item.file_name();
        if handle::is_dot(name) {
            continue;
        }
        let Some(stat) = stat_child(shared, &fd, name, &job.rel, &mut local.issues) else {
            continue;
        };
        walked += 1;
        let is_dir = stat.is_dir();
        let name_str = handle::lossy(name);
        let child_rel = || joined(&job.rel, &name_str);

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
                        let key = joined(&job.rel, stem);
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

        // A directory the index has unchanged (above entries, or an entry of its own): left
        // to the index, neither counted nor walked.
        if let (
            Some(skip),
            true,
            Place::Structural {
                bucket,
                names,
                depth,
                first,
            },
        ) = (shared.skip, is_dir, &job.place)
        {
            let first = first.as_deref().unwrap_or(&name_str);
            let grouped = matches!(
                layout::entry_depth(*bucket, *names, first),
                Some((d, true)) if d == depth + 1
            );
            if !grouped && skip(&join(&job.rel, &name_str), &stat) {
                continue;
            }
        }
        // Structural directories count for the bucket; everything else in its entry.
        let owner = target.as_ref().or(match &job.place {
            Place::InEntry { entry, .. } => Some(entry),
            Place::Structural { .. } => None,
        });
        let disk = match owner {
            Some(entry) => shared.count(local, &stat, entry, job.top),
            None => blocks(&stat),
        };
        if is_dir && (target.is_some() || (owner.is_some() && !immutable) || owner.is_none()) {
            shared.record_dir(local, &child_rel(), &stat, job.top, owner);
        }
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
        if pointer_level
            && !immutable
            && let Some(entry) = owner
        {
            shared.record_pointer(local, entry, &child_rel(), &stat);
        }
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
        if job.links
            && (stat.kind == Kind::Link
                || (cfg!(windows) && stat.kind == Kind::File && !reference_pruned(&name_str)))
            && let Some(text) = crate::os::link::read(&fd, name, &stat)
        {
            match resolve_text(shared.root, &job.rel, &text) {
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
