//! What a cache entry is: its kind, source, status, and the record the inventory keeps.
//!
//! The names of kinds, sources and statuses are listed once ([`EntryKind::NAMES`] and the
//! like): they are Nushell column values and policy keywords, stable across commands.

use std::sync::Arc;
use std::time::SystemTime;

use crate::cache::layout::Bucket;

/// Stable names for a fieldless enum, listed once: `ALL` and `NAMES` in declaration order,
/// `name()` and `from_name()`. The names are Nushell column values and policy keywords.
macro_rules! named {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// Their stable names, in the same order.
            pub const NAMES: [&'static str; [$($name),+].len()] = [$($name),+];

            /// Stable name.
            pub fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// The value with this name.
            pub fn from_name(name: &str) -> Option<$ty> {
                Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
            }
        }
    };
}

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A wheel downloaded from PyPI.
    RegistryWheel,
    /// A wheel downloaded from another index.
    IndexWheel,
    /// A wheel from a direct URL.
    UrlWheel,
    /// A local wheel file.
    PathWheel,
    /// A wheel under the editable shard of the wheels bucket.
    EditableWheel,
    /// A wheel committed inside a git repository.
    GitWheel,
    /// A wheel uv built from a source distribution (any source).
    BuiltWheel,
    /// A source distribution shard with no built wheel (metadata only, or unpacked).
    Sdist,
    /// A revision directory that is not the shard's current revision.
    SdistRevision,
    /// A fetched git repository database.
    GitDb,
    /// A git working tree at one commit.
    GitCheckout,
    /// A Simple API page.
    SimplePage,
    /// A `--find-links` page.
    FlatIndexPage,
    /// A cached interpreter query.
    InterpreterInfo,
    /// An unzipped wheel or persisted environment nobody links to.
    Archive,
    /// A cached ephemeral environment.
    Environment,
    /// python-downloads metadata.
    Python,
    /// A tool binary.
    Binary,
    /// A vulnerability record.
    Vulnerability,
    /// Content-addressed blobs (one entry per two-hex-digit shard).
    FilesBlob,
    /// A file fetched over HTTP (or copied from a local path) into uvcache's store.
    HttpFile,
    /// A lock file with no other entry (git locks).
    Lock,
    /// Temporary staging or build directories.
    Temp,
    /// `CACHEDIR.TAG`, `.gitignore`, `.git`, `.lock`.
    Marker,
    /// uvcache's own records in its store: the indexes of uv caches, what this machine pushed.
    StoreRecords,
    /// The index of one uv cache in uvcache's store (`index-v0/<device>-<inode>`): its
    /// `references` name the cache's path; `dangling` once that cache is gone.
    IndexSet,
    /// Anything uvcache does not know.
    Unknown,
}

named!(EntryKind {
    RegistryWheel => "registry_wheel",
    IndexWheel => "index_wheel",
    UrlWheel => "url_wheel",
    PathWheel => "path_wheel",
    EditableWheel => "editable_wheel",
    GitWheel => "git_wheel",
    BuiltWheel => "built_wheel",
    Sdist => "sdist",
    SdistRevision => "sdist_revision",
    GitDb => "git_db",
    GitCheckout => "git_checkout",
    SimplePage => "simple_page",
    FlatIndexPage => "flat_index_page",
    InterpreterInfo => "interpreter_info",
    Archive => "archive",
    Environment => "environment",
    Python => "python",
    Binary => "binary",
    Vulnerability => "vulnerability",
    FilesBlob => "files_blob",
    HttpFile => "http_file",
    Lock => "lock",
    Temp => "temp",
    Marker => "marker",
    StoreRecords => "store_records",
    IndexSet => "index_set",
    Unknown => "unknown",
});

/// Where a wheel or sdist came from (the shard below the bucket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// `pypi/`.
    Pypi,
    /// `index/<digest>/`.
    Index,
    /// `url/<digest>/`.
    Url,
    /// `path/<digest>/`.
    Path,
    /// `editable/<digest>/`.
    Editable,
    /// `git/<digest>/`.
    Git,
}

named!(Source {
    Pypi => "pypi",
    Index => "index",
    Url => "url",
    Path => "path",
    Editable => "editable",
    Git => "git",
});

/// Whether an entry is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// In a current bucket and, if it links, its targets exist.
    Live,
    /// An archive nobody links to, or a link whose archive is missing.
    Dangling,
    /// In an outdated bucket, or a stale sdist revision: uv's prune removes it.
    Outdated,
    /// In a bucket of a newer uv: never touched.
    Newer,
}

named!(Status {
    Live => "live",
    Dangling => "dangling",
    Outdated => "outdated",
    Newer => "newer",
});

/// How an environment was shown to use an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// A file of the installed distribution is the same inode as the entry's archive file:
    /// the environment was linked from this very entry.
    Hardlink,
    /// The environment has the entry's package and version from the same kind of source, but
    /// no shared inode (copy or clone mode, or another file system): likely, not proven.
    Version,
}

named!(Evidence {
    Hardlink => "hardlink",
    Version => "version",
});

/// One environment that uses an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The environment's path.
    pub environment: Arc<str>,
    /// How the use was shown.
    pub evidence: Evidence,
}

/// Which clock the last-use time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastUseSource {
    /// The access time of the entry's pointer files, newer than their modification: uv read
    /// the entry after writing it (the file system records reads, e.g. `relatime`).
    Atime,
    /// The modification time: no read was recorded (never read since written, or `noatime`).
    Mtime,
}

impl LastUseSource {
    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            LastUseSource::Atime => "atime",
            LastUseSource::Mtime => "mtime",
        }
    }
}

/// One cache entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the cache root (for grouped pointer files, their common stem).
    pub path: String,
    /// The bucket family, if the entry is in a bucket.
    pub bucket: Option<Bucket>,
    /// The bucket's version.
    pub bucket_version: Option<u32>,
    /// What the entry is.
    pub kind: EntryKind,
    /// Where a wheel or sdist came from.
    pub source: Option<Source>,
    /// Normalized package name, when the path says it.
    pub package: Option<String>,
    /// Package version, when the path says it.
    pub version: Option<String>,
    /// Index, URL or repository digest from the path.
    pub digest: Option<String>,
    /// Allocated bytes, with the entry's share of the archives it links to.
    pub disk: u64,
    /// Apparent bytes, likewise.
    pub apparent: u64,
    /// Allocated bytes of files with more than one hard link (removing them frees nothing).
    pub shared: u64,
    /// Number of files and symlinks, likewise.
    pub files: u64,
    /// Newest modification time of any file.
    pub modified: Option<SystemTime>,
    /// When uv last used the entry, as far as the file system tells.
    pub last_use: Option<SystemTime>,
    /// Which clock `last_use` comes from.
    pub last_use_source: LastUseSource,
    /// Archive ids the entry links to.
    pub references: Vec<String>,
    /// Links that point outside the cache root (never followed).
    pub external_links: Vec<String>,
    /// `(link, archive)` pairs seen by uv's reference scan (paths relative to the root).
    pub reference_links: Vec<(String, String)>,
    /// Allocated bytes of the entry's own files with a single link: what removing them frees,
    /// counted as uv counts "Removed N files (X)" (archives it links to not included).
    pub reclaimable: u64,
    /// Whether the entry is in use.
    pub status: Status,
    /// Which of the entry's stem and pointer files exist (see [`crate::cache::layout::member_paths`]).
    pub members: u8,
    /// The environments that use the entry; `None` until environments were scanned (see
    /// `crate::envs`), which only the commands that need it do.
    pub used_by: Option<Vec<Use>>,
}

impl Entry {
    /// Whether some environment uses the entry; unknown (not scanned) counts as used, so that
    /// a rule on `used` never evicts what it could not check.
    pub fn is_used(&self) -> bool {
        self.used_by.as_ref().is_none_or(|u| !u.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_correspond() {
        for (i, kind) in EntryKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
            assert_eq!(EntryKind::from_name(kind.name()), Some(*kind));
        }
        for (i, source) in Source::ALL.iter().enumerate() {
            assert_eq!(*source as usize, i);
            assert_eq!(Source::from_name(source.name()), Some(*source));
        }
        for (i, evidence) in Evidence::ALL.iter().enumerate() {
            assert_eq!(*evidence as usize, i);
        }
        for (i, status) in Status::ALL.iter().enumerate() {
            assert_eq!(*status as usize, i);
            assert_eq!(Status::from_name(status.name()), Some(*status));
        }
    }
}
