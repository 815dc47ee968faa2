//! Checking a snapshot against the disk, and walking only what changed.
//!
//! 1. The root is listed again (one directory): files at the root are counted afresh, new
//!    top-level directories walked, vanished ones dropped.
//! 2. Every recorded directory is stat'ed (with [`Depth::Full`], every pointer-level file
//!    too), on all workers.
//! 3. A directory above entries whose stamp changed is read again; so is an entry's own
//!    directory when anything recorded in the entry changed (a group of files at a bucket
//!    level: its directory). Within what is read again, every directory the index has
//!    unchanged, with nothing changed below it, is left to the index ([`walk::Skip`]).
//! 4. The records under what was read again are replaced by the new ones.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::os::handle::Dir;
use crate::os::meta::Meta;

use crate::cache::index::{Depth, RACY, Snapshot};
use crate::cache::layout::BucketSet;
use crate::cache::walk::{self, PointerRecord, RawWalk, Stamp, Start, WalkOptions};
use crate::error::Result;

/// What revalidation produced.
pub(super) struct Outcome {
    /// The walk as of now, with every record.
    pub raw: RawWalk,
    /// Whether anything differs from the snapshot read (then it is written back).
    pub changed: bool,
    pub checked: u64,
    pub reread: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Seen {
    Same,
    /// Read, not changed: for a directory only its access time moved; for a pointer file
    /// anything but its inode (the new stamp is kept).
    Read(Stamp),
    Changed,
}

/// Revalidates `snapshot` of `root`; `None` when the root is not the one it describes.
pub(super) fn revalidate(
    root: &Path,
    set: &BucketSet,
    snapshot: Snapshot,
    options: &WalkOptions<'_>,
    depth: Depth,
    force: &[String],
) -> Result<Option<Outcome>> {
    let (root_fd, root_stat) = walk::open_root(root)?;
    if (root_stat.dev, root_stat.ino) != (snapshot.dev, snapshot.ino) {
        return Ok(None);
    }
    let seen = Judged::stat(&root_fd, &snapshot, options.scan.threads, depth);
    let reread = Reread::plan(&snapshot, &seen, force);
    let walked = walk_again(root, set, &snapshot, &reread, options)?;
    let mut raw = walked.raw;
    // A directory's access time moves when it is read and means nothing here; a pointer's is
    // its entry's last use, written back.
    let changed = !walked.starts.is_empty()
        || raw.top.len() != snapshot.tops.len()
        || raw
            .top
            .iter()
            .zip(&snapshot.tops)
            .any(|(t, n)| t.name != *n)
        || seen.dirs.contains(&Seen::Changed)
        || seen.pointers.iter().any(|s| *s != Seen::Same)
        || !force.is_empty();
    let kept = Kept {
        left: &walked.left,
        starts: &walked.starts,
        skipped: &walked.skipped,
        top_index: &walked.top_index,
    };
    kept.add_to(&mut raw, snapshot, seen.pointers);
    add_below(&mut raw, walked.below);
    total_tops(&mut raw);
    Ok(Some(Outcome {
        changed: changed || !raw.issues.is_empty(),
        checked: seen.checked,
        reread: walked.starts.len() as u64,
        raw,
    }))
}

/// Step 2: the recorded stamps judged, on all workers: every recorded directory, the
/// archives' and blobs' own included (one stat per archive: a file added to or removed from an
/// archive's own folder shows there; what changes deeper inside one is the index's blind spot).
struct Judged {
    dirs: Vec<Seen>,
    pointers: Vec<Seen>,
    checked: u64,
}

impl Judged {
    fn stat(root: &Dir, snapshot: &Snapshot, threads: usize, depth: Depth) -> Judged {
        let racy = racy_after(snapshot.scanned_at);
        let dir_items = snapshot.dirs.iter().map(|d| (&*d.rel, &d.stamp)).collect();
        let dirs = stat_in_inode_order(root, dir_items, threads, &judge_dir(&racy));
        let pointers = match depth {
            Depth::Full => {
                let items = snapshot.pointers.iter().map(|p| (&*p.rel, &p.stamp));
                stat_in_inode_order(root, items.collect(), threads, &judge_pointer)
            }
            Depth::Sizes => vec![Seen::Same; snapshot.pointers.len()],
        };
        let pointers_checked = match depth {
            Depth::Full => snapshot.pointers.len(),
            Depth::Sizes => 0,
        };
        let checked = (snapshot.dirs.len() + pointers_checked) as u64;
        Judged {
            dirs,
            pointers,
            checked,
        }
    }
}

/// Step 3: what to read again.
struct Reread<'s> {
    /// The outermost walk starts (a start below another is read by it).
    outer: Vec<String>,
    /// Everything at or above a changed directory or a dirty entry: never left to the index
    /// (the starts below an outer one included: the outer walk meets them).
    dirty: HashSet<String>,
    /// Every recorded directory's inode.
    known: HashMap<&'s str, u64>,
}

impl<'s> Reread<'s> {
    fn plan(snapshot: &'s Snapshot, seen: &Judged, force: &[String]) -> Reread<'s> {
        let whole_entries: HashSet<&str> = snapshot
            .dirs
            .iter()
            .filter(|d| d.entry.as_deref() == Some(&*d.rel))
            .map(|d| &*d.rel)
            .collect();
        let (mut starts, dirty_entries) = changed_places(snapshot, seen, force, &whole_entries);
        for entry in &dirty_entries {
            if whole_entries.contains(entry) {
                starts.insert(entry.to_string());
            } else if let Some((parent, _)) = entry.rsplit_once('/') {
                starts.insert(parent.to_string());
            }
        }
        let starts = walk_starts(starts);
        let mut outer: Vec<String> = Vec::new();
        for s in &starts {
            if !outer.iter().any(|o| under(s, o)) {
                outer.push(s.clone());
            }
        }
        let mut dirty: HashSet<String> = HashSet::new();
        let places = starts.iter().map(String::as_str);
        for s in places.chain(dirty_entries.iter().copied()) {
            let mut at = s;
            dirty.insert(at.to_string());
            while let Some((parent, _)) = at.rsplit_once('/') {
                at = parent;
                dirty.insert(at.to_string());
            }
        }
        let known = snapshot
            .dirs
            .iter()
            .map(|d| (&*d.rel, d.stamp.ino))
            .collect();
        Reread {
            outer,
            dirty,
            known,
        }
    }

    /// Whether the walk may leave `rel` to the index: the same directory, nothing changed at
    /// or below it, and no walk starting there.
    fn leaves(&self, rel: &str, stat: &Meta) -> bool {
        self.known.get(rel) == Some(&stat.ino)
            && !self.dirty.contains(rel)
            && !self.outer.iter().any(|o| o == rel)
    }
}

/// Directories above entries whose stamps changed (walk starts), and entries dirty by a stamp
/// or because the caller knows they changed where no stamp shows it (files whose link counts
/// moved when an environment linked or unlinked them).
fn changed_places<'a>(
    snapshot: &'a Snapshot,
    seen: &Judged,
    force: &'a [String],
    whole_entries: &HashSet<&'a str>,
) -> (HashSet<String>, HashSet<&'a str>) {
    let mut dirty_entries: HashSet<&str> = HashSet::new();
    let mut starts: HashSet<String> = HashSet::new();
    for (d, seen) in snapshot.dirs.iter().zip(&seen.dirs) {
        if *seen == Seen::Changed {
            match &d.entry {
                None => {
                    starts.insert(d.rel.to_string());
                }
                Some(entry) => {
                    dirty_entries.insert(entry);
                }
            }
        }
    }
    for (p, seen) in snapshot.pointers.iter().zip(&seen.pointers) {
        if *seen == Seen::Changed {
            dirty_entries.insert(&p.entry);
        }
    }
    let forced = force.iter().map(String::as_str);
    dirty_entries.extend(forced.filter(|e| whole_entries.contains(e)));
    // Files at the root are counted afresh by step 1 whatever their stamps say.
    dirty_entries.retain(|e| e.contains('/') || whole_entries.contains(e));
    (starts, dirty_entries)
}

/// A walk starts at a directory above entries or at an entry's own one: a revision of an
/// sdist is read with its shard. Sorted, without repeats.
fn walk_starts(starts: HashSet<String>) -> Vec<String> {
    let mut starts: Vec<String> = starts
        .into_iter()
        .map(|mut s| {
            while !walk::can_start(&s) {
                match s.rsplit_once('/') {
                    Some((parent, _)) => s = parent.to_string(),
                    None => break,
                }
            }
            s
        })
        .collect();
    starts.sort();
    starts.dedup();
    starts
}

/// What the walks of steps 1 and 3 found.
struct Walked {
    /// The root walk, its new items read.
    raw: RawWalk,
    /// Top-level items the root walk left to the index (skipped or to read below).
    left: HashSet<String>,
    /// The walks below the root.
    starts: Vec<Start>,
    below: RawWalk,
    /// Directories the walks below left to the index.
    skipped: Vec<String>,
    /// Each top-level item's index in `raw.top`, by name.
    top_index: HashMap<String, usize>,
}

/// Step 1, the root listed again with its new items walked and its known directories left to
/// step 3; then step 3's walks below it.
fn walk_again(
    root: &Path,
    set: &BucketSet,
    snapshot: &Snapshot,
    reread: &Reread<'_>,
    options: &WalkOptions<'_>,
) -> Result<Walked> {
    let skipped: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let skip = |rel: &str, stat: &Meta| -> bool {
        let keep = reread.leaves(rel, stat);
        if keep && let Ok(mut list) = skipped.lock() {
            list.push(rel.to_string());
        }
        keep
    };
    let known_tops: HashSet<&str> = snapshot.tops.iter().map(String::as_str).collect();
    let top_skip = |rel: &str, stat: &Meta| -> bool {
        known_tops.contains(rel)
            && stat.is_dir()
            && reread.known.get(rel) == Some(&stat.ino)
            && (skip(rel, stat) || reread.dirty.contains(rel))
    };
    let recording = || WalkOptions::recording(options.scan);
    let top_options = WalkOptions {
        skip: Some(&top_skip),
        ..recording()
    };
    let raw = walk::walk_root(root, set, &top_options, &|_| true)?;
    let left: HashSet<String> = raw
        .top
        .iter()
        .filter(|t| t.is_dir && !raw.recorded.dirs.iter().any(|d| *d.rel == *t.name))
        .filter(|t| known_tops.contains(t.name.as_str()))
        .map(|t| t.name.clone())
        .collect();
    let top_index = top_index(&raw);
    let starts: Vec<Start> = reread
        .outer
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| {
            let top = s.split('/').next()?;
            left.contains(top).then(|| Start {
                rel: s.clone(),
                top: top_index[top],
            })
        })
        .collect();
    let below_options = WalkOptions {
        skip: Some(&skip),
        ..recording()
    };
    let below = walk::walk_from(root, &raw.top, &starts, &below_options)?;
    Ok(Walked {
        raw,
        left,
        starts,
        below,
        skipped: skipped.into_inner().unwrap_or_default(),
        top_index,
    })
}

fn top_index(raw: &RawWalk) -> HashMap<String, usize> {
    raw.top
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect()
}

/// The access times read afresh, by entry.
type Reads = HashMap<Arc<str>, Vec<(i64, u32)>>;

/// Step 4: which records of the snapshot are kept.
struct Kept<'a> {
    left: &'a HashSet<String>,
    starts: &'a [Start],
    skipped: &'a [String],
    top_index: &'a HashMap<String, usize>,
}

impl Kept<'_> {
    /// Kept: in a top-level item left to the index, not under a start unless under something
    /// the walk skipped.
    fn replaced(&self, rel: &str) -> bool {
        let top = rel.split('/').next().unwrap_or(rel);
        if !self.left.contains(top) {
            return true;
        }
        self.starts.iter().any(|s| under(rel, &s.rel))
            && !self.skipped.iter().any(|k| under(rel, k))
    }

    /// The snapshot's kept records added to `raw`, their top-level items renumbered and their
    /// entries' access times read afresh.
    fn add_to(&self, raw: &mut RawWalk, snapshot: Snapshot, pointer_seen: Vec<Seen>) {
        let Snapshot {
            tops,
            entries,
            dirs,
            pointers,
            claims,
            ..
        } = snapshot;
        let remap = |old: usize| -> Option<usize> {
            let name = tops.get(old)?;
            self.top_index.get(name.as_str()).copied()
        };
        let (kept_pointers, reads) = self.pointers(pointers, pointer_seen);
        for (key, mut accum) in entries {
            if self.replaced(&key) {
                continue;
            }
            let Some(top) = remap(accum.top) else {
                continue;
            };
            accum.top = top;
            if let Some(times) = reads.get(&key) {
                accum.accessed = times.iter().copied().max();
            }
            raw.entries.entry(key).or_insert(accum);
        }
        for mut d in dirs {
            if !self.replaced(&d.rel)
                && let Some(top) = remap(d.top)
            {
                d.top = top;
                raw.recorded.dirs.push(d);
            }
        }
        raw.recorded.pointers.extend(kept_pointers);
        for mut c in claims {
            if !self.replaced(&c.entry)
                && let Some(top) = remap(c.top)
            {
                c.top = top;
                raw.claims.push(c);
            }
        }
    }

    /// Kept pointer records, with the access times of the entries whose pointers were read.
    fn pointers(
        &self,
        pointers: Vec<PointerRecord>,
        seen: Vec<Seen>,
    ) -> (Vec<PointerRecord>, Reads) {
        let mut reads: Reads = HashMap::new();
        let mut kept = Vec::new();
        for (mut p, seen) in pointers.into_iter().zip(seen) {
            if self.replaced(&p.rel) {
                continue;
            }
            if let Seen::Read(stamp) = seen {
                p.stamp = stamp;
                reads.entry(p.entry.clone()).or_default();
            }
            kept.push(p);
        }
        for p in &kept {
            if let Some(times) = reads.get_mut(&p.entry) {
                times.push(p.stamp.atime);
            }
        }
        (kept, reads)
    }
}

/// What the walk below the root found.
fn add_below(raw: &mut RawWalk, below: RawWalk) {
    for (key, accum) in below.entries {
        raw.entries.entry(key).or_default().merge(accum);
    }
    raw.recorded.dirs.extend(below.recorded.dirs);
    raw.recorded.pointers.extend(below.recorded.pointers);
    raw.claims.extend(below.claims);
    raw.issues.extend(below.issues);
}

/// Top-level totals from the records: directories above entries, and entries.
fn total_tops(raw: &mut RawWalk) {
    for top in &mut raw.top {
        top.disk = 0;
    }
    for d in raw.recorded.dirs.iter().filter(|d| d.entry.is_none()) {
        raw.top[d.top].disk += d.blocks;
    }
    for accum in raw.entries.values() {
        if let Some(top) = raw.top.get_mut(accum.top) {
            top.disk += accum.disk;
        }
    }
}

/// Whether `rel` is `dir` or below it.
fn under(rel: &str, dir: &str) -> bool {
    rel == dir
        || (rel.len() > dir.len() && rel.starts_with(dir) && rel.as_bytes()[dir.len()] == b'/')
}

/// Whether a stamp is too close to a scan that began at `scanned_at` (or after it) to prove
/// that nothing changed after the scan read it ([`RACY`]). A time past now (by more than
/// [`RACY`]) proves it: it was already in the future at the scan (a clock set wrong, `touch -d`),
/// and a change since would have set the time to when it happened, before it. So such a stamp
/// is judged once, and trusted while it holds.
pub(super) fn racy_after(scanned_at: (i64, u32)) -> impl Fn(&Stamp) -> bool + Sync {
    let margin = RACY.as_secs() as i64;
    let from = (scanned_at.0 - margin, scanned_at.1);
    let now = super::now();
    let until = (now.0 + margin, now.1);
    let racy = move |t: (i64, u32)| t >= from && t <= until;
    move |s: &Stamp| racy(s.mtime) || racy(s.ctime)
}

/// How a directory's stamp is judged: any change, or a time too close to the scan, sends the
/// walk into it again; a new access time alone is a read.
pub(super) fn judge_dir(
    racy: &(dyn Fn(&Stamp) -> bool + Sync),
) -> impl Fn(&Stamp, &Stamp) -> Seen + Sync + '_ {
    move |now, recorded| {
        if !now.same(recorded) || racy(now) {
            Seen::Changed
        } else if now.atime != recorded.atime {
            Seen::Read(*now)
        } else {
            Seen::Same
        }
    }
}

/// How a pointer file's stamp is judged (for its access time, the entry's last use): another
/// inode is a replacement, and its entry is read again (its directory's stamp shows it too);
/// anything else is a read. uv renames every file into place, which directories show; a file
/// edited in place (uv never does it) is, for `size`, `ls`, `envs` and plans alike, the
/// index's blind spot, so that they all answer from one state.
pub(super) fn judge_pointer(now: &Stamp, recorded: &Stamp) -> Seen {
    if now.ino != recorded.ino {
        Seen::Changed
    } else if now != recorded {
        Seen::Read(*now)
    } else {
        Seen::Same
    }
}

/// [`stat_all`] in inode order (cold, the inode table is then read nearly in sequence: see
/// `summary`); the judgements come back in `items`' order.
fn stat_in_inode_order(
    root: &Dir,
    items: Vec<(&str, &Stamp)>,
    threads: usize,
    judge: &(dyn Fn(&Stamp, &Stamp) -> Seen + Sync),
) -> Vec<Seen> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| items[i].1.ino);
    let stated = stat_all(root, order.iter().map(|&i| items[i]), threads, judge);
    let mut seen = vec![Seen::Same; items.len()];
    for (i, s) in order.into_iter().zip(stated) {
        seen[i] = s;
    }
    seen
}

/// Stats each path (relative to the root, never following a symlink) on `threads` workers and
/// judges it against its recorded stamp.
pub(super) fn stat_all<'a>(
    root: &Dir,
    items: impl Iterator<Item = (&'a str, &'a Stamp)>,
    threads: usize,
    judge: &(dyn Fn(&Stamp, &Stamp) -> Seen + Sync),
) -> Vec<Seen> {
    let items: Vec<(&str, &Stamp)> = items.collect();
    let mut seen = vec![Seen::Changed; items.len()];
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        for (part, out) in items.chunks(chunk).zip(seen.chunks_mut(chunk)) {
            scope.spawn(move || {
                for ((rel, recorded), slot) in part.iter().zip(out.iter_mut()) {
                    *slot = match root.stat_rel(rel) {
                        Ok(stat) => judge(&Stamp::of(&stat), recorded),
                        Err(_) => Seen::Changed,
                    };
                }
            });
        }
    });
    seen
}
