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
use crate::cache::walk::{self, RawWalk, Stamp, Start, WalkOptions};
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
    let racy = racy_after(snapshot.scanned_at);

    // 2. Stamps, on all workers: every recorded directory, the archives' and blobs' own
    //    included (one stat per archive: a file added to or removed from an archive's own
    //    folder shows there; what changes deeper inside one is the index's blind spot).
    let dir_seen = stat_in_inode_order(
        &root_fd,
        snapshot.dirs.iter().map(|d| (&*d.rel, &d.stamp)).collect(),
        options.threads,
        &judge_dir(&racy),
    );
    let pointer_seen = match depth {
        Depth::Full => stat_in_inode_order(
            &root_fd,
            snapshot
                .pointers
                .iter()
                .map(|p| (&*p.rel, &p.stamp))
                .collect(),
            options.threads,
            &judge_pointer,
        ),
        Depth::Sizes => vec![Seen::Same; snapshot.pointers.len()],
    };
    let checked = (snapshot.dirs.len()
        + if depth == Depth::Full {
            snapshot.pointers.len()
        } else {
            0
        }) as u64;

    // 3. What to read again.
    let whole_entries: HashSet<&str> = snapshot
        .dirs
        .iter()
        .filter(|d| d.entry.as_deref() == Some(&*d.rel))
        .map(|d| &*d.rel)
        .collect();
    let mut dirty_entries: HashSet<&str> = HashSet::new();
    let mut starts: HashSet<String> = HashSet::new();
    for (d, seen) in snapshot.dirs.iter().zip(&dir_seen) {
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
    for (p, seen) in snapshot.pointers.iter().zip(&pointer_seen) {
        if *seen == Seen::Changed {
            dirty_entries.insert(&p.entry);
        }
    }
    // Entries the caller knows changed where no stamp shows it (files whose link counts
    // moved when an environment linked or unlinked them).
    dirty_entries.extend(
        force
            .iter()
            .map(String::as_str)
            .filter(|e| whole_entries.contains(e)),
    );
    // Files at the root are counted afresh by step 1 whatever their stamps say.
    dirty_entries.retain(|e| e.contains('/') || whole_entries.contains(e));
    for entry in &dirty_entries {
        if whole_entries.contains(entry) {
            starts.insert(entry.to_string());
        } else if let Some((parent, _)) = entry.rsplit_once('/') {
            starts.insert(parent.to_string());
        }
    }
    // A walk starts at a directory above entries or at an entry's own one: a revision of an
    // sdist is read with its shard.
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
    // Keep the outermost: a start below another is read by it.
    let mut outer: Vec<String> = Vec::new();
    for s in &starts {
        if !outer.iter().any(|o| under(s, o)) {
            outer.push(s.clone());
        }
    }
    // Everything at or above a changed directory or a dirty entry may not be left to the
    // index (the starts below an outer one included: the outer walk meets them).
    let mut dirty: HashSet<String> = HashSet::new();
    for s in starts
        .iter()
        .map(String::as_str)
        .chain(dirty_entries.iter().copied())
    {
        let mut at = s;
        loop {
            dirty.insert(at.to_string());
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None => break,
            }
        }
    }
    let known: HashMap<&str, u64> = snapshot
        .dirs
        .iter()
        .map(|d| (&*d.rel, d.stamp.ino))
        .collect();
    let skipped: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let skip = |rel: &str, stat: &Meta| -> bool {
        let keep = known.get(rel) == Some(&stat.ino)
            && !dirty.contains(rel)
            && !outer.iter().any(|o| o == rel);
        if keep && let Ok(mut list) = skipped.lock() {
            list.push(rel.to_string());
        }
        keep
    };

    // 1. The root, its new items walked, its known directories left to step 3.
    let known_tops: HashSet<&str> = snapshot.tops.iter().map(String::as_str).collect();
    let top_skip = |rel: &str, stat: &Meta| -> bool {
        known_tops.contains(rel)
            && stat.is_dir()
            && known.get(rel) == Some(&stat.ino)
            && (skip(rel, stat) || dirty.contains(rel))
    };
    let top_options = WalkOptions {
        skip: Some(&top_skip),
        ..WalkOptions::recording(options.threads, options.interrupted, options.progress)
    };
    let mut raw = walk::walk_root(root, set, &top_options, &|_| true)?;
    // Which top-level items the root walk left to the index (skipped or to read below).
    let left: HashSet<String> = raw
        .top
        .iter()
        .filter(|t| t.is_dir && !raw.recorded.dirs.iter().any(|d| *d.rel == *t.name))
        .filter(|t| known_tops.contains(t.name.as_str()))
        .map(|t| t.name.clone())
        .collect();
    let top_index: HashMap<&str, usize> = raw
        .top
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let starts: Vec<Start> = outer
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
    let reread = starts.len() as u64;
    let below = walk::walk_from(
        root,
        &raw.top,
        &starts,
        &WalkOptions {
            skip: Some(&skip),
            ..WalkOptions::recording(options.threads, options.interrupted, options.progress)
        },
    )?;
    let skipped = skipped.into_inner().unwrap_or_default();

    // 4. Kept records: in a top-level item left to the index, not under a start unless under
    //    something the walk skipped.
    let replaced = |rel: &str| -> bool {
        let top = rel.split('/').next().unwrap_or(rel);
        if !left.contains(top) {
            return true;
        }
        starts.iter().any(|s| under(rel, &s.rel)) && !skipped.iter().any(|k| under(rel, k))
    };
    let remap = |old: usize| -> Option<usize> {
        snapshot
            .tops
            .get(old)
            .and_then(|name| top_index.get(name.as_str()).copied())
    };
    // A directory's access time moves when it is read and means nothing here; a pointer's is
    // its entry's last use, written back.
    let mut changed = !starts.is_empty()
        || raw.top.len() != snapshot.tops.len()
        || raw
            .top
            .iter()
            .zip(&snapshot.tops)
            .any(|(t, n)| t.name != *n)
        || dir_seen.contains(&Seen::Changed)
        || pointer_seen.iter().any(|s| *s != Seen::Same)
        || !force.is_empty();
    let Snapshot {
        entries,
        dirs,
        pointers,
        claims,
        ..
    } = snapshot;
    // Access times read afresh, for entries kept.
    let mut reads: HashMap<Arc<str>, Vec<(i64, u32)>> = HashMap::new();
    let mut kept_pointers = Vec::new();
    for (mut p, seen) in pointers.into_iter().zip(pointer_seen) {
        if replaced(&p.rel) {
            continue;
        }
        if let Seen::Read(stamp) = seen {
            p.stamp = stamp;
            reads.entry(p.entry.clone()).or_default();
        }
        kept_pointers.push(p);
    }
    for p in &kept_pointers {
        if let Some(times) = reads.get_mut(&p.entry) {
            times.push(p.stamp.atime);
        }
    }
    for (key, mut accum) in entries {
        if replaced(&key) {
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
        if !replaced(&d.rel)
            && let Some(top) = remap(d.top)
        {
            d.top = top;
            raw.recorded.dirs.push(d);
        }
    }
    raw.recorded.pointers.extend(kept_pointers);
    for mut c in claims {
        if !replaced(&c.entry)
            && let Some(top) = remap(c.top)
        {
            c.top = top;
            raw.claims.push(c);
        }
    }
    // What the walk below the root found.
    for (key, accum) in below.entries {
        raw.entries.entry(key).or_default().merge(accum);
    }
    raw.recorded.dirs.extend(below.recorded.dirs);
    raw.recorded.pointers.extend(below.recorded.pointers);
    raw.claims.extend(below.claims);
    raw.issues.extend(below.issues);
    // Top-level totals from the records: directories above entries, and entries.
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
    changed |= !raw.issues.is_empty();
    Ok(Some(Outcome {
        raw,
        changed,
        checked,
        reread,
    }))
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
