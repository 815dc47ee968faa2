//! Where a directory sits in the layout, read from its path or from its parent's place: the
//! walk's side of the layout's questions.

use std::sync::Arc;

use crate::cache::layout::releases::EntryNames;
use crate::cache::layout::{self, Bucket};
use crate::cache::links::reference_pruned;

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

impl Place {
    /// Which entry a child named `name` of the directory `rel` (placed at `self`) begins, if
    /// any, and how to walk it if it is a directory.
    #[inline]
    pub(super) fn child(
        &self,
        rel: &str,
        name: &str,
        is_dir: bool,
    ) -> (Option<Arc<str>>, Option<Place>) {
        match self {
            Place::InEntry {
                entry,
                depth,
                revisions,
            } => {
                if is_dir && *depth == 1 && *revisions {
                    let key = joined(rel, name);
                    (Some(key.clone()), Some(Place::entry(key, false)))
                } else {
                    let place = Place::InEntry {
                        entry: entry.clone(),
                        depth: depth + 1,
                        revisions: false,
                    };
                    (None, is_dir.then_some(place))
                }
            }
            Place::Structural {
                bucket,
                names,
                depth,
                first,
            } => {
                let depth = depth + 1;
                let first = first.clone().unwrap_or_else(|| Arc::from(name));
                match layout::entry_depth(*bucket, *names, &first) {
                    Some((entry_depth, group)) if depth == entry_depth => {
                        let stem = if group {
                            layout::entry_stem(name)
                        } else {
                            name
                        };
                        let key = joined(rel, stem);
                        let revisions = layout::has_revisions(*bucket, &first);
                        let place = is_dir.then(|| Place::entry(key.clone(), revisions));
                        (Some(key), place)
                    }
                    Some((entry_depth, _)) if depth < entry_depth && is_dir => {
                        let place = Place::Structural {
                            bucket: *bucket,
                            names: *names,
                            depth,
                            first: Some(first),
                        };
                        (None, Some(place))
                    }
                    // Unknown layout, a stray file above entry level, or a bucket marker file.
                    _ => {
                        let key = joined(rel, name);
                        (Some(key.clone()), is_dir.then(|| Place::entry(key, false)))
                    }
                }
            }
        }
    }

    /// An entry's own directory.
    fn entry(entry: Arc<str>, revisions: bool) -> Place {
        Place::InEntry {
            entry,
            depth: 1,
            revisions,
        }
    }

    /// Whether the child directory `name` may be left to the index: above entries, or an
    /// entry of its own (not one grouped from several names, which the index reads whole).
    pub(super) fn may_skip_child(&self, name: &str) -> bool {
        let Place::Structural {
            bucket,
            names,
            depth,
            first,
        } = self
        else {
            return false;
        };
        let first = first.as_deref().unwrap_or(name);
        let grouped = matches!(
            layout::entry_depth(*bucket, *names, first),
            Some((d, true)) if d == depth + 1
        );
        !grouped
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
pub(super) fn place_of(rel: &str) -> Option<(Place, bool)> {
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

/// Whether `rel` is in a bucket whose entries uv never changes once in place (archives and
/// blobs): their inner directories and pointer files are not recorded.
pub fn immutable(rel: &str) -> bool {
    let bucket = rel.split('/').next().and_then(layout::parse_bucket_name);
    matches!(bucket, Some((Bucket::Archive | Bucket::Files, _)))
}

pub(super) fn join(rel: &str, name: &str) -> String {
    let mut path = String::with_capacity(rel.len() + 1 + name.len());
    push_joined(&mut path, rel, name);
    path
}

/// [`join`] as the shared string a record keeps, built in a buffer the thread reuses: one
/// allocation per path (a walk makes some 200k) instead of a `String` and its copy.
pub(super) fn joined(rel: &str, name: &str) -> Arc<str> {
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
