//! `size`: the cache's disk usage as `uv cache size` counts it, with breakdowns.
//!
//! The total is the walk's (allocated blocks, directories included, hardlinks once, symlinks
//! not followed), so it equals `uv cache size` and `du -s -B1`. Per-bucket rows add up to the
//! total (the root directory and its marker files form a row of their own); per-package rows
//! add up to it too, with one row without a package for everything that names none (including
//! the directories between a bucket and its entries).

use std::collections::BTreeMap;

use crate::cache::inventory::Inventory;
use crate::cache::layout::{Bucket, BucketState, RootClass};
use crate::cache::sums::TopItem;

/// One row of the per-bucket breakdown: a top-level directory of the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSize {
    /// Directory name at the root (`wheels-v7`), or `(root)` for the root and its files.
    pub name: String,
    /// The bucket family, if the directory is a bucket.
    pub bucket: Option<Bucket>,
    /// `current`, `outdated`, `newer`, or `temp`/`unknown`/`marker` for non-buckets.
    pub state: &'static str,
    /// Allocated bytes.
    pub disk: u64,
    /// Number of inventory entries in it.
    pub entries: u64,
}

/// One row of the per-package breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSize {
    /// Normalized package name; `None` gathers everything that names no package.
    pub package: Option<String>,
    /// Allocated bytes (the package's share of archives included).
    pub disk: u64,
    /// Apparent bytes.
    pub apparent: u64,
    /// Number of entries.
    pub entries: u64,
    /// Distinct versions seen.
    pub versions: Vec<String>,
}

/// The size report.
#[derive(Debug, Clone)]
pub struct SizeReport {
    /// Total allocated bytes: what `uv cache size` prints.
    pub total: u64,
    /// Rows per top-level directory, largest first.
    pub buckets: Vec<BucketSize>,
}

impl SizeReport {
    /// Per-bucket report of an inventory.
    pub fn of(inventory: &Inventory) -> SizeReport {
        let counts = inventory.entries_per_top();
        let tops = inventory.top.iter().map(|item| {
            let entries = counts.get(item.name.as_str()).copied().unwrap_or(0);
            (item.clone(), entries)
        });
        SizeReport::of_tops(inventory.total_disk, inventory.root_disk, tops)
    }

    /// The report of top-level items with their entry counts (an inventory's, or the index's
    /// summary of one).
    pub fn of_tops(
        total: u64,
        root_disk: u64,
        tops: impl IntoIterator<Item = (TopItem, u64)>,
    ) -> SizeReport {
        let mut root = BucketSize {
            name: "(root)".into(),
            bucket: None,
            state: "marker",
            disk: root_disk,
            entries: 0,
        };
        let mut buckets = Vec::new();
        for (item, entries) in tops {
            let (bucket, state) = match item.class {
                RootClass::Bucket { bucket, state, .. } if item.is_dir => (
                    Some(bucket),
                    match state {
                        BucketState::Current => "current",
                        BucketState::Outdated => "outdated",
                        BucketState::Newer => "newer",
                    },
                ),
                RootClass::Marker => {
                    root.disk += item.disk;
                    root.entries += entries;
                    continue;
                }
                RootClass::Temp => (None, "temp"),
                RootClass::Own => (None, "records"),
                _ => (None, "unknown"),
            };
            buckets.push(BucketSize {
                name: item.name,
                bucket,
                state,
                disk: item.disk,
                entries,
            });
        }
        buckets.push(root);
        buckets.sort_by(|a, b| b.disk.cmp(&a.disk).then_with(|| a.name.cmp(&b.name)));
        SizeReport { total, buckets }
    }

    /// Per-package breakdown of an inventory, largest first; rows add up to the total.
    pub fn by_package(inventory: &Inventory) -> Vec<PackageSize> {
        let mut rows: BTreeMap<Option<&str>, PackageSize> = BTreeMap::new();
        for entry in &inventory.entries {
            let row = rows
                .entry(entry.package.as_deref())
                .or_insert_with(|| PackageSize {
                    package: entry.package.clone(),
                    disk: 0,
                    apparent: 0,
                    entries: 0,
                    versions: Vec::new(),
                });
            row.disk += entry.disk;
            row.apparent += entry.apparent;
            row.entries += 1;
            if let Some(v) = &entry.version
                && !row.versions.contains(v)
            {
                row.versions.push(v.clone());
            }
        }
        let attributed: u64 = rows.values().map(|r| r.disk).sum();
        let rest = rows.entry(None).or_insert_with(|| PackageSize {
            package: None,
            disk: 0,
            apparent: 0,
            entries: 0,
            versions: Vec::new(),
        });
        // Directories between buckets and entries, and the root itself, belong to no entry.
        rest.disk += inventory.total_disk.saturating_sub(attributed);
        let mut rows: Vec<PackageSize> = rows.into_values().collect();
        for row in &mut rows {
            row.versions.sort();
        }
        rows.sort_by(|a, b| b.disk.cmp(&a.disk).then_with(|| a.package.cmp(&b.package)));
        rows
    }

    /// The `n` packages with the most disk bytes, in [`SizeReport::by_package`]'s order, without
    /// its versions and totals: what each point of the history keeps, taken after every index
    /// write.
    pub fn largest_packages(inventory: &Inventory, n: usize) -> Vec<(String, u64)> {
        let mut sums: foldhash::HashMap<&str, u64> = foldhash::HashMap::default();
        for entry in &inventory.entries {
            if let Some(package) = entry.package.as_deref() {
                *sums.entry(package).or_default() += entry.disk;
            }
        }
        let mut rows: Vec<(&str, u64)> = sums.into_iter().collect();
        rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        rows.into_iter()
            .take(n)
            .map(|(p, disk)| (p.to_string(), disk))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::entry::{Entry, EntryKind, LastUseSource, Status};

    fn entry(path: &str, package: Option<&str>, version: &str, disk: u64) -> Entry {
        Entry {
            path: path.into(),
            bucket: None,
            bucket_version: None,
            kind: EntryKind::RegistryWheel,
            source: None,
            package: package.map(str::to_string),
            version: Some(version.into()),
            digest: None,
            disk,
            apparent: disk,
            shared: 0,
            files: 1,
            modified: None,
            last_use: None,
            last_use_source: LastUseSource::Mtime,
            references: Vec::new(),
            external_links: Vec::new(),
            reference_links: Vec::new(),
            reclaimable: disk,
            status: Status::Live,
            members: 0,
            used_by: None,
        }
    }

    #[test]
    fn the_largest_packages_are_by_packages_first_rows() {
        let entries = vec![
            entry("a", Some("six"), "1", 300),
            entry("b", Some("six"), "2", 300),
            entry("c", Some("idna"), "1", 600),
            entry("d", Some("tomli"), "1", 100),
            entry("e", None, "", 5000),
            entry("f", Some("zzz"), "1", 600),
        ];
        let inventory = Inventory {
            root: "/cache".into(),
            entries,
            top: Vec::new(),
            total_disk: 7000,
            root_disk: 0,
            issues: Vec::new(),
        };
        let want: Vec<(String, u64)> = SizeReport::by_package(&inventory)
            .into_iter()
            .filter_map(|p| Some((p.package?, p.disk)))
            .take(3)
            .collect();
        assert_eq!(SizeReport::largest_packages(&inventory, 3), want);
        assert_eq!(
            want,
            [
                ("idna".to_string(), 600),
                ("six".into(), 600),
                ("zzz".into(), 600)
            ]
        );
    }
}
