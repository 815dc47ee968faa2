//! A plan being built, and the finished plan: items named after their entries, in uv's order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::cache::entry::{Entry, EntryKind};
use crate::cache::inventory::Inventory;
use crate::cache::layout::{Bucket, BucketState, RootClass};
use crate::removal::package::list;
use crate::removal::plan::{
    Operation, Plan, PlanItem, REFERENCE_BUCKETS, Reason, current_dir, under,
};

/// A plan being built: paths and why, an item below a planned one adding nothing.
pub(super) struct Builder<'a> {
    pub(super) inventory: &'a Inventory,
    items: BTreeMap<String, Reason>,
    /// What else an item's reason names (the cache an index described).
    pub(super) details: BTreeMap<String, Arc<str>>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(inventory: &'a Inventory) -> Self {
        Builder {
            inventory,
            items: BTreeMap::new(),
            details: BTreeMap::new(),
        }
    }

    pub(super) fn root(&self) -> &'a Path {
        &self.inventory.root
    }

    /// The current directory name of `bucket`, if the cache has it.
    pub(super) fn current(&self, bucket: Bucket) -> Option<&'a str> {
        current_dir(self.inventory, bucket)
    }

    pub(super) fn add(&mut self, path: String, reason: Reason) {
        // An item below one already planned adds nothing; items below the new one merge in.
        if self.removed(&path) {
            return;
        }
        let prefix = format!("{path}/");
        let below: Vec<String> = self
            .items
            .range(prefix.clone()..)
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(&prefix))
            .cloned()
            .collect();
        for p in below {
            self.items.remove(&p);
        }
        self.items.insert(path, reason);
    }

    /// Whether `path` or one of its ancestors is planned (ancestor look-ups, no scan).
    pub(super) fn removed(&self, path: &str) -> bool {
        crate::cache::layout::path_and_ancestors(path).any(|p| self.items.contains_key(p))
    }

    /// Archives no surviving link points to. uv counts links in its current wheels and sdists
    /// buckets; uvcache also counts links in buckets of a newer uv, which it keeps.
    pub(super) fn unreferenced_archives(&self) -> Vec<String> {
        let mut scanned: Vec<&str> = REFERENCE_BUCKETS
            .iter()
            .filter_map(|b| current_dir(self.inventory, *b))
            .collect();
        scanned.extend(
            self.inventory
                .top
                .iter()
                .filter(|t| {
                    matches!(
                        t.class,
                        RootClass::Bucket {
                            state: BucketState::Newer,
                            ..
                        }
                    )
                })
                .map(|t| t.name.as_str()),
        );
        let mut referenced = BTreeSet::new();
        for entry in &self.inventory.entries {
            for (link, target) in &entry.reference_links {
                let in_scan = scanned.iter().any(|b| under(link, b));
                // No existence check: only archives listed on disk below can be removed, so a
                // link to a missing one changes nothing (and a stat per link is most of the time).
                if in_scan && !self.removed(link) {
                    referenced.insert(target.as_str());
                }
            }
        }
        let Some(archive_dir) = current_dir(self.inventory, Bucket::Archive) else {
            return Vec::new();
        };
        list(&self.inventory.root, archive_dir)
            .into_iter()
            .map(|(name, _)| format!("{archive_dir}/{name}"))
            .filter(|path| !referenced.contains(path.as_str()))
            .collect()
    }

    pub(super) fn finish(self, operation: Operation, collect_files: bool) -> Plan {
        let entries = &self.inventory.entries;
        let find = |path: &str| {
            entries
                .binary_search_by(|e| e.path.as_str().cmp(path))
                .ok()
                .map(|i| &entries[i])
        };
        // The entry at or above the path (grouped pointer files belong to their stem): a binary
        // search per ancestor, not a scan of the inventory per item.
        let lookup = |path: &str| -> Option<&Entry> {
            find(crate::cache::layout::entry_stem(path)).or_else(|| {
                crate::cache::layout::path_and_ancestors(path)
                    .skip(1)
                    .find_map(find)
            })
        };
        // An archive that entries link to was folded into them: it is named after them. The
        // map is built only if some item is not itself an entry (most plans have none).
        let mut referrers: Option<foldhash::HashMap<&str, &Entry>> = None;
        let mut referrer = |path: &str| {
            referrers
                .get_or_insert_with(|| {
                    let mut map = foldhash::HashMap::default();
                    for entry in entries {
                        for reference in &entry.references {
                            map.entry(reference.as_str()).or_insert(entry);
                        }
                    }
                    map
                })
                .get(path)
                .copied()
        };
        let mut items: Vec<PlanItem> = self
            .items
            .into_iter()
            .map(|(path, reason)| {
                let (entry, kind) = match lookup(&path) {
                    Some(entry) => (Some(entry), Some(entry.kind)),
                    None => {
                        let referrer = referrer(path.as_str());
                        (referrer, referrer.map(|_| EntryKind::Archive))
                    }
                };
                PlanItem {
                    entry: entry.map(|e| Arc::from(e.path.as_str())),
                    package: entry.and_then(|e| e.package.as_deref()).map(Arc::from),
                    version: entry.and_then(|e| e.version.as_deref()).map(Arc::from),
                    kind,
                    detail: self.details.get(&path).cloned(),
                    path,
                    reason,
                    removal: None,
                    members: 0,
                }
            })
            .collect();
        // Pointers before what they point to: a kill between two items never leaves a link
        // whose archive is gone. A whole clean takes the archive and blob buckets last.
        let holds_targets = |item: &PlanItem| {
            item.reason == Reason::CleanAll
                && self
                    .inventory
                    .top
                    .iter()
                    .find(|t| t.name == item.path)
                    .is_some_and(|t| {
                        matches!(
                            t.class,
                            RootClass::Bucket {
                                bucket: Bucket::Archive | Bucket::Files,
                                ..
                            }
                        )
                    })
        };
        items.sort_by(|a, b| {
            (a.reason.phase(), holds_targets(a))
                .cmp(&(b.reason.phase(), holds_targets(b)))
                .then_with(|| a.path.cmp(&b.path))
        });
        Plan {
            operation,
            items,
            collect_files,
        }
    }
}
