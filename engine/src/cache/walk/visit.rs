//! The walk's worker side: one directory read, each child stat'ed and counted in its entry.

use foldhash::HashMap;
use std::mem::MaybeUninit;
use std::path::Path;
use std::sync::Arc;

use crate::cache::layout;
use crate::cache::links::{LinkTarget, reference_pruned, resolve_text};
use crate::cache::sums::{Accum, add_file, blocks};
use crate::cache::walk::place::{Place, immutable, join, joined, place_of};
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
            progress: options.scan.progress,
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

/// The directory a job reads, as its children see it.
struct Here {
    fd: Arc<Dir>,
    rel: Arc<str>,
    top: usize,
    links: bool,
    shallow: bool,
    place: Place,
    immutable: bool,
}

/// What one directory's read adds up, merged into the worker's results once.
struct DirSums {
    /// Sums for the entry this directory is inside.
    own: Option<Accum>,
    /// Sums for the entries that begin here.
    grouped: HashMap<Arc<str>, Accum>,
    top_disk: u64,
    walked: u64,
    children: Vec<Job>,
}

pub(super) fn visit(shared: &Shared<'_>, job: Job, local: &mut Local) -> Vec<Job> {
    let Job {
        parent,
        name,
        rel,
        top,
        links,
        shallow,
        place,
    } = job;
    let fd = match parent.open_at(&name) {
        Ok(fd) => Arc::new(fd),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            local.issues.push(WalkIssue {
                path: shared.root.join(&*rel),
                message: e.to_string(),
            });
            return Vec::new();
        }
    };
    drop(parent);
    let own = matches!(place, Place::InEntry { .. }).then(|| Accum {
        top,
        ..Accum::default()
    });
    let here = Here {
        immutable: immutable(&rel),
        fd,
        rel,
        top,
        links,
        shallow,
        place,
    };
    let mut sums = DirSums {
        own,
        grouped: HashMap::default(),
        top_disk: 0,
        walked: 0,
        children: Vec::new(),
    };
    // One getdents buffer per worker, reused: names are borrowed from it, not copied.
    let mut buf = std::mem::take(&mut local.buf);
    if buf.is_empty() {
        buf = crate::os::dir::buffer();
    }
    let mut dir = crate::os::dir::Reader::new(&here.fd, &mut buf);
    while let Some(item) = dir.next() {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                local.issues.push(WalkIssue {
                    path: shared.root.join(&*here.rel),
                    message: e.to_string(),
                });
                break;
            }
        };
        let name = item.file_name();
        if handle::is_dot(name) {
            continue;
        }
        if let Some(stat) = stat_child(shared, &here.fd, name, &here.rel, &mut local.issues) {
            sums.walked += 1;
            visit_child(shared, &here, local, &mut sums, name, &stat);
        }
    }
    local.buf = buf;
    *local.top_disk.entry(here.top).or_default() += sums.top_disk;
    shared.progress.walked(sums.walked);
    if let (Place::InEntry { entry, .. }, Some(own)) = (&here.place, sums.own) {
        local.entries.entry(entry.clone()).or_default().merge(own);
    }
    for (key, accum) in sums.grouped {
        local.entries.entry(key).or_default().merge(accum);
    }
    sums.children
}

/// One child counted in its entry (or its bucket), recorded, and queued if a directory.
#[inline(always)]
fn visit_child(
    shared: &Shared<'_>,
    here: &Here,
    local: &mut Local,
    sums: &mut DirSums,
    name: &Name,
    stat: &Meta,
) {
    let is_dir = stat.is_dir();
    let name_str = handle::lossy(name);
    let child_rel = || joined(&here.rel, &name_str);
    let (target, child_place) = here.place.child(&here.rel, &name_str, is_dir);
    // A directory the index has unchanged (above entries, or an entry of its own): left to
    // the index, neither counted nor walked.
    if let Some(skip) = shared.skip
        && is_dir
        && here.place.may_skip_child(&name_str)
        && skip(&join(&here.rel, &name_str), stat)
    {
        return;
    }
    // Structural directories count for the bucket; everything else in its entry.
    let owner = target.as_ref().or(match &here.place {
        Place::InEntry { entry, .. } => Some(entry),
        Place::Structural { .. } => None,
    });
    let disk = match owner {
        Some(entry) => shared.count(local, stat, entry, here.top),
        None => blocks(stat),
    };
    if is_dir && (target.is_some() || (owner.is_some() && !here.immutable) || owner.is_none()) {
        shared.record_dir(local, &child_rel(), stat, here.top, owner);
    }
    sums.top_disk += disk;
    let accum = match (&target, sums.own.as_mut()) {
        (Some(key), _) => sums.grouped.entry(key.clone()).or_insert_with(|| Accum {
            top: here.top,
            ..Accum::default()
        }),
        (None, Some(own)) => own,
        (None, None) => {
            // A structural directory: its blocks count for the bucket only.
            if let Some(place) = child_place {
                sums.children
                    .push(here.child(name, child_rel(), here.links, place));
            }
            return;
        }
    };
    let pointer_level = target.is_some() || matches!(here.place, Place::InEntry { depth: 1, .. });
    add_file(accum, stat, disk, pointer_level);
    if pointer_level
        && !here.immutable
        && let Some(entry) = owner
    {
        shared.record_pointer(local, entry, &child_rel(), stat);
    }
    if target.is_some() {
        accum.is_dir |= is_dir;
        accum.has_rev |= name_str.ends_with(".rev");
        accum.members |= layout::member_bit(&name_str);
    }
    if name_str.ends_with(".whl") && accum.links.as_ref().is_none_or(|l| l.wheel_hint.is_none()) {
        accum.links_mut().wheel_hint = Some(name_str.to_string());
    }
    if here.links {
        read_link(shared, here, name, &name_str, stat, accum);
    }
    if let Some(place) = child_place
        && !(here.shallow && target.is_some())
    {
        let links = here.links && !reference_pruned(&name_str);
        sums.children
            .push(here.child(name, child_rel(), links, place));
    }
}

/// A link where archive references live (a symlink; on Windows, a link file too): counted as
/// a reference to its archive, a link inside the cache, or one out of it.
fn read_link(
    shared: &Shared<'_>,
    here: &Here,
    name: &Name,
    name_str: &str,
    stat: &Meta,
    accum: &mut Accum,
) {
    let may_be_link = stat.kind == Kind::Link
        || (cfg!(windows) && stat.kind == Kind::File && !reference_pruned(name_str));
    let Some(text) = may_be_link
        .then(|| crate::os::link::read(&here.fd, name, stat))
        .flatten()
    else {
        return;
    };
    match resolve_text(shared.root, &here.rel, &text) {
        LinkTarget::Archive(rel) => {
            let links = accum.links_mut();
            if links.wheel_hint.is_none() {
                links.wheel_hint = Some(name_str.to_string());
            }
            links.link_targets.push(rel.clone());
            if !reference_pruned(name_str) {
                links
                    .reference_links
                    .push((join(&here.rel, name_str), rel.clone()));
            }
            links.references.push(rel);
        }
        LinkTarget::Inside(rel) => accum.links_mut().link_targets.push(rel),
        LinkTarget::Outside => accum
            .links_mut()
            .external_links
            .push(join(&here.rel, name_str)),
    }
}

impl Here {
    fn child(&self, name: &Name, rel: Arc<str>, links: bool, place: Place) -> Job {
        Job {
            parent: self.fd.clone(),
            name: name.to_owned(),
            rel,
            top: self.top,
            links,
            shallow: self.shallow,
            place,
        }
    }
}
