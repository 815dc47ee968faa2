//! uv's releases and their buckets, as data: `layouts/uv-releases.toml`, embedded.
//!
//! A row names the first release of a bucket set; the releases up to the next row share it.
//! [`Releases::release`] answers "which buckets does uv X.Y.Z read and write", which decides
//! every bucket's status for a target release (current, outdated, newer). The table also
//! says how older bucket versions name their entries ([`EntryNames`]), which the walk needs to
//! find package and version in caches that old releases filled.

use std::str::FromStr;
use std::sync::OnceLock;

use pep440_rs::Version;
use serde::Deserialize;

use crate::cache::layout::{Bucket, BucketSet, parse_bucket_name};

/// The embedded table.
const TABLE: &str = include_str!("../../../../layouts/uv-releases.toml");

/// One row of the table: the first release with this bucket set.
#[derive(Debug, Clone)]
pub struct Release {
    /// The first release of the row.
    pub version: Version,
    /// The buckets it reads and writes.
    pub buckets: BucketSet,
    /// Whether it writes absolute symlinks into `archive-v0` (relative from 0.11.17).
    pub absolute_links: bool,
}

/// How a bucket version names its entries, where that differs from the newest layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryNames {
    /// The newest layout.
    Current,
    /// Wheel entries named by the wheel file's stem, `<name>-<version>-<tags>` (wheels-v1..v4).
    WheelStem,
    /// Interpreter entries as `<digest>.msgpack` files at the bucket root (interpreter-v0..v3).
    RootFiles,
}

/// How uv counts the bytes of "Removed N files (X)".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accounting {
    /// The apparent size (`st_size`) of every file and symlink removed (before 0.12.6).
    Apparent,
    /// The allocated blocks of removed files that had a single link (0.12.6 and later).
    Allocated,
}

/// How a release carries out removals, where releases differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Behavior {
    /// How the summary's bytes are counted.
    pub bytes: Accounting,
    /// `clean` also removes `.lock` (counted as a file) and the root directory (before 0.13.1).
    pub clean_removes_root: bool,
}

impl Default for Behavior {
    /// The newest releases' behaviour.
    fn default() -> Behavior {
        Behavior {
            bytes: Accounting::Allocated,
            clean_removes_root: false,
        }
    }
}

/// The whole table.
#[derive(Debug)]
pub struct Releases {
    /// The newest release the table covers.
    pub newest: Version,
    /// First release counting allocated bytes.
    allocated_bytes_since: Version,
    /// First release whose `clean` keeps the root and `.lock`.
    clean_keeps_root_since: Version,
    /// Rows, oldest first.
    pub rows: Vec<Release>,
    layouts: Vec<(Bucket, u32, u32, EntryNames)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTable {
    newest: String,
    behavior: RawBehavior,
    release: Vec<RawRelease>,
    bucket_layout: Vec<RawLayout>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBehavior {
    allocated_bytes_since: String,
    clean_keeps_root_since: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRelease {
    version: String,
    buckets: Vec<String>,
    #[serde(default)]
    absolute_links: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayout {
    bucket: String,
    versions: [u32; 2],
    entry_names: String,
}

/// The table, read once from the embedded file.
pub fn releases() -> &'static Releases {
    static TABLE_PARSED: OnceLock<Releases> = OnceLock::new();
    // The embedded file is part of the build and checked by the tests below: a broken table
    // is a build defect, not an input error.
    TABLE_PARSED.get_or_init(|| parse(TABLE).expect("layouts/uv-releases.toml is valid"))
}

/// Why a table of releases cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TableInvalid {
    #[error("{0}")]
    Toml(toml::de::Error),
    #[error("`{text}` is not a version: {detail}")]
    Version { text: String, detail: String },
    #[error("release {release}: {problem}")]
    Row {
        release: String,
        problem: RowProblem,
    },
    #[error("bucket-layout: unknown bucket `{0}`")]
    LayoutBucket(String),
    #[error("bucket-layout: unknown entry-names `{0}`")]
    LayoutNames(String),
    #[error("`newest` must be at least the last row's release")]
    Newest,
}

/// What is wrong with one release's row.
#[derive(Debug, thiserror::Error)]
pub enum RowProblem {
    #[error("`{0}` is not a bucket")]
    NotABucket(String),
    #[error("two `{0}` buckets")]
    Twice(String),
    #[error("rows must be in order")]
    Order,
}

/// Reads a table; errors name the row and the value.
pub fn parse(text: &str) -> Result<Releases, TableInvalid> {
    let raw: RawTable = toml::from_str(text).map_err(TableInvalid::Toml)?;
    let version = |text: &str| {
        Version::from_str(text).map_err(|e| TableInvalid::Version {
            text: text.to_string(),
            detail: e.to_string(),
        })
    };
    let mut rows = Vec::new();
    for row in &raw.release {
        let release = version(&row.version)?;
        let bad = |problem| TableInvalid::Row {
            release: row.version.clone(),
            problem,
        };
        let mut buckets: Vec<(Bucket, u32, String)> = Vec::new();
        for name in &row.buckets {
            let (bucket, bucket_version) =
                parse_bucket_name(name).ok_or_else(|| bad(RowProblem::NotABucket(name.clone())))?;
            if buckets.iter().any(|(b, ..)| *b == bucket) {
                return Err(bad(RowProblem::Twice(name.clone())));
            }
            buckets.push((bucket, bucket_version, name.clone()));
        }
        if rows.last().is_some_and(|r: &Release| r.version >= release) {
            return Err(bad(RowProblem::Order));
        }
        rows.push(Release {
            buckets: BucketSet::new(&row.version, buckets),
            version: release,
            absolute_links: row.absolute_links,
        });
    }
    let mut layouts = Vec::new();
    for layout in &raw.bucket_layout {
        let bucket = Bucket::from_prefix(&layout.bucket)
            .ok_or_else(|| TableInvalid::LayoutBucket(layout.bucket.clone()))?;
        let names = match layout.entry_names.as_str() {
            "wheel-stem" => EntryNames::WheelStem,
            "root-files" => EntryNames::RootFiles,
            other => return Err(TableInvalid::LayoutNames(other.to_string())),
        };
        layouts.push((bucket, layout.versions[0], layout.versions[1], names));
    }
    let newest = version(&raw.newest)?;
    if rows.last().is_none_or(|r| r.version > newest) {
        return Err(TableInvalid::Newest);
    }
    Ok(Releases {
        newest,
        allocated_bytes_since: version(&raw.behavior.allocated_bytes_since)?,
        clean_keeps_root_since: version(&raw.behavior.clean_keeps_root_since)?,
        rows,
        layouts,
    })
}

impl Releases {
    /// The row that holds `version`: the last row at or below it (`None` below the first).
    pub fn release(&self, version: &Version) -> Option<&Release> {
        self.rows.iter().rev().find(|r| r.version <= *version)
    }

    /// The row of a version given as text (`0.13.8`).
    pub fn release_str(&self, version: &str) -> Option<&Release> {
        self.release(&Version::from_str(version).ok()?)
    }

    /// The newest row.
    pub fn newest_release(&self) -> &Release {
        // `parse` refuses a table without rows.
        &self.rows[self.rows.len() - 1]
    }

    /// How release `version` carries out removals.
    pub fn behavior(&self, version: &Version) -> Behavior {
        Behavior {
            bytes: if *version >= self.allocated_bytes_since {
                Accounting::Allocated
            } else {
                Accounting::Apparent
            },
            clean_removes_root: *version < self.clean_keeps_root_since,
        }
    }

    /// Whether `version` is newer than every release the table covers.
    pub fn is_unknown_newer(&self, version: &Version) -> bool {
        *version > self.newest
    }

    /// How entries of `bucket` version `version` are named.
    pub fn entry_names(&self, bucket: Bucket, version: u32) -> EntryNames {
        self.layouts
            .iter()
            .find(|(b, low, high, _)| *b == bucket && (*low..=*high).contains(&version))
            .map_or(EntryNames::Current, |(.., names)| *names)
    }
}

/// The newest known release's buckets: the default target when nothing says otherwise.
pub fn newest() -> &'static BucketSet {
    &releases().newest_release().buckets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::layout::BucketState;

    fn names(version: &str) -> Vec<String> {
        let set = &releases().release_str(version).unwrap().buckets;
        let mut names: Vec<String> = set.buckets().map(|b| set.dir_name(b)).collect();
        names.sort();
        names
    }

    #[test]
    fn the_table_agrees_with_releases_seen_filling_caches() {
        // What real releases from PyPI wrote into one cache, each filling it in turn.
        let seen = [
            (
                "0.4.30",
                ["wheels-v2", "sdists-v5", "simple-v13", "interpreter-v2"],
            ),
            (
                "0.5.31",
                ["wheels-v3", "sdists-v7", "simple-v15", "interpreter-v4"],
            ),
            (
                "0.8.24",
                ["wheels-v5", "sdists-v9", "simple-v18", "interpreter-v4"],
            ),
            (
                "0.11.33",
                ["wheels-v6", "sdists-v9", "simple-v24", "interpreter-v4"],
            ),
            (
                "0.13.8",
                ["wheels-v7", "sdists-v10", "simple-v27", "interpreter-v5"],
            ),
            (
                "0.13.9",
                ["wheels-v8", "sdists-v11", "simple-v28", "interpreter-v5"],
            ),
        ];
        for (release, buckets) in seen {
            let all = names(release);
            for bucket in buckets {
                assert!(
                    all.contains(&bucket.to_string()),
                    "{release}: {bucket} in {all:?}"
                );
            }
        }
        // 0.13.8's full set, read from its binary and confirmed by its prune.
        assert_eq!(
            names("0.13.8"),
            [
                "archive-v0",
                "binaries-v0",
                "builds-v0",
                "environments-v2",
                "files-v0",
                "flat-index-v7",
                "git-v1",
                "interpreter-v5",
                "osv-v1",
                "python-v1",
                "sdists-v10",
                "simple-v27",
                "wheels-v7"
            ]
        );
        assert!(names("0.4.12").contains(&"built-wheels-v3".to_string()));
        assert!(releases().release_str("0.3.9").is_none());
        assert_eq!(releases().newest_release().buckets.uv_version, "0.13.9");
        assert!(releases().is_unknown_newer(&Version::from_str("0.13.10").unwrap()));
        assert!(!releases().is_unknown_newer(&Version::from_str("0.13.9").unwrap()));
        assert!(releases().release_str("0.11.16").unwrap().absolute_links);
        assert!(!releases().release_str("0.11.17").unwrap().absolute_links);
        // Removal behaviour, as real releases showed it.
        let behavior = |v: &str| releases().behavior(&Version::from_str(v).unwrap());
        assert_eq!(behavior("0.12.5").bytes, Accounting::Apparent);
        assert_eq!(behavior("0.12.6").bytes, Accounting::Allocated);
        assert!(behavior("0.13.0").clean_removes_root);
        assert!(!behavior("0.13.1").clean_removes_root);
        assert_eq!(behavior("0.13.9"), Behavior::default());
    }

    #[test]
    fn statuses_follow_the_target_release() {
        let state = |release: &str, name: &str| match releases()
            .release_str(release)
            .unwrap()
            .buckets
            .classify_root(name, true)
        {
            crate::cache::layout::RootClass::Bucket { state, .. } => Some(state),
            _ => None,
        };
        assert_eq!(state("0.13.9", "wheels-v8"), Some(BucketState::Current));
        assert_eq!(state("0.13.9", "wheels-v7"), Some(BucketState::Outdated));
        assert_eq!(state("0.13.8", "wheels-v8"), Some(BucketState::Newer));
        assert_eq!(
            state("0.4.5", "built-wheels-v3"),
            Some(BucketState::Current)
        );
        assert_eq!(state("0.4.5", "sdists-v4"), Some(BucketState::Newer));
        assert_eq!(
            state("0.13.9", "built-wheels-v3"),
            Some(BucketState::Outdated)
        );
        // A family the release lacks is no bucket of it (its prune removes the directory).
        assert_eq!(state("0.8.3", "python-v0"), None);
        assert_eq!(state("0.8.4", "python-v0"), Some(BucketState::Current));
    }

    #[test]
    fn older_buckets_name_entries_their_way() {
        let table = releases();
        assert_eq!(table.entry_names(Bucket::Wheels, 2), EntryNames::WheelStem);
        assert_eq!(table.entry_names(Bucket::Wheels, 4), EntryNames::WheelStem);
        assert_eq!(table.entry_names(Bucket::Wheels, 5), EntryNames::Current);
        assert_eq!(
            table.entry_names(Bucket::Interpreter, 2),
            EntryNames::RootFiles
        );
        assert_eq!(
            table.entry_names(Bucket::Interpreter, 4),
            EntryNames::Current
        );
    }

    #[test]
    fn bad_tables_are_refused_with_the_row() {
        let row = |v: &str, b: &str| {
            format!(
                "newest = \"1.0\"\nbucket-layout = []\n[behavior]\nallocated-bytes-since = \"0.1\"\nclean-keeps-root-since = \"0.1\"\n[[release]]\nversion = \"{v}\"\nbuckets = [\"{b}\"]\n"
            )
        };
        assert!(parse(&row("0.1", "wheels-v1")).is_ok());
        assert!(
            parse(&row("0.1", "wheelz-v1"))
                .unwrap_err()
                .to_string()
                .contains("wheelz-v1")
        );
        assert!(
            parse(&row("zero", "wheels-v1"))
                .unwrap_err()
                .to_string()
                .contains("zero")
        );
        assert!(
            parse(&row("2.0", "wheels-v1"))
                .unwrap_err()
                .to_string()
                .contains("newest")
        );
    }
}
