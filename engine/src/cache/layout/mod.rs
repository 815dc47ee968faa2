//! What uv's on-disk layout means: buckets and their versions as data, and where inside each
//! bucket one cache entry begins (docs/design.md#buckets-and-cache-entries).
//!
//! Bucket versions are tied to a uv release: [`releases()`] is the table of every release's
//! buckets (data, `layouts/uv-releases.toml`). Against one release's [`BucketSet`], a
//! `<name>-v<N>` directory with a smaller `N` is an outdated bucket (that release's prune
//! removes it), a larger `N` belongs to a newer uv and uvcache never touches it.
//! [`newest`] is the default target's set (uv 0.13.9 today).

pub mod releases;
mod shard;

use std::path::Path;

pub use releases::{EntryNames, newest, releases};
pub use shard::Shard;

/// A family of buckets: the part of a bucket name before `-v<N>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    /// `wheels-vN`: registry and direct-URL wheels (pointers to unzipped archives).
    Wheels,
    /// `sdists-vN` (formerly `built-wheels-vN`): source distributions and wheels built from them.
    Sdists,
    /// `flat-index-vN`: `--find-links` HTML pages.
    FlatIndex,
    /// `git-vN`: git databases and checkouts.
    Git,
    /// `interpreter-vN`: cached interpreter queries.
    Interpreter,
    /// `simple-vN`: Simple API pages.
    Simple,
    /// `archive-vN`: unzipped wheels and persisted environments.
    Archive,
    /// `builds-vN`: temporary build environments.
    Builds,
    /// `environments-vN`: cached ephemeral environments.
    Environments,
    /// `python-vN`: python-downloads metadata.
    Python,
    /// `binaries-vN`: tool binaries (e.g. ruff for `uv format`).
    Binaries,
    /// `osv-vN`: vulnerability records for `uv audit`.
    Osv,
    /// `files-vN`: content-addressed blobs hardlinked into archives.
    Files,
    /// `http-vN`: files fetched over HTTP (uvcache's own store only; uv has no such bucket).
    Http,
}

/// Every bucket family, in uv's `CacheBucket::iter` order (plus `files`, and the store's `http`).
pub const BUCKETS: [Bucket; 14] = [
    Bucket::Wheels,
    Bucket::Sdists,
    Bucket::FlatIndex,
    Bucket::Git,
    Bucket::Interpreter,
    Bucket::Simple,
    Bucket::Archive,
    Bucket::Builds,
    Bucket::Environments,
    Bucket::Python,
    Bucket::Binaries,
    Bucket::Osv,
    Bucket::Files,
    Bucket::Http,
];

/// The bucket names of [`BUCKETS`], in the same order.
pub const BUCKET_NAMES: [&str; 14] = [
    "wheels",
    "sdists",
    "flat-index",
    "git",
    "interpreter",
    "simple",
    "archive",
    "builds",
    "environments",
    "python",
    "binaries",
    "osv",
    "files",
    "http",
];

impl Bucket {
    /// The name before `-v<N>`, which is also the bucket's name in reports.
    pub fn prefix(self) -> &'static str {
        match self {
            Bucket::Wheels => "wheels",
            Bucket::Sdists => "sdists",
            Bucket::FlatIndex => "flat-index",
            Bucket::Git => "git",
            Bucket::Interpreter => "interpreter",
            Bucket::Simple => "simple",
            Bucket::Archive => "archive",
            Bucket::Builds => "builds",
            Bucket::Environments => "environments",
            Bucket::Python => "python",
            Bucket::Binaries => "binaries",
            Bucket::Osv => "osv",
            Bucket::Files => "files",
            Bucket::Http => "http",
        }
    }

    /// Parses a report name (`wheels`, `flat-index`) back into a bucket.
    pub fn from_prefix(name: &str) -> Option<Bucket> {
        BUCKETS.iter().copied().find(|b| b.prefix() == name)
    }

    /// Whether links in this bucket are references to archives (uv scans only wheels and
    /// sdists; environments link to archives too and are kept apart by prune's order).
    pub fn holds_archive_links(self) -> bool {
        matches!(
            self,
            Bucket::Wheels | Bucket::Sdists | Bucket::Environments | Bucket::Http
        )
    }
}

/// The buckets of one uv release (or of uvcache's own store): each family with its version
/// and its directory name as that release spells it (`built-wheels-v3` before uv 0.4.13).
#[derive(Debug, Clone)]
pub struct BucketSet {
    /// The uv version these are the buckets of.
    pub uv_version: String,
    /// The families this layout has; a family not listed is no bucket here (uv's prune removes
    /// an `http-v0` in a uv cache, and a `python-v0` before uv 0.8.4).
    versions: Vec<(Bucket, u32, String)>,
    /// Folders of the layout's owner at its root that are no buckets ([`STORE_FOLDERS`] in
    /// uvcache's store): kept by every prune, never walked as entries of a bucket.
    own: &'static [&'static str],
}

/// The folder of the indexes of uv caches in uvcache's store ([`crate::cache::index`]).
pub const INDEX_FOLDER: &str = "index-v0";
/// The folder of the records of what this machine pushed, in uvcache's store.
pub const PUSHED_FOLDER: &str = "pushed-v0";
/// uvcache's own records in its store, beside the buckets.
pub const STORE_FOLDERS: [&str; 2] = [INDEX_FOLDER, PUSHED_FOLDER];

/// uvcache's own store (HTTP fetches, git databases and checkouts): uv's design, its own
/// buckets. Never a uv cache: uv's prune would remove `http-v0`.
pub fn store_v0() -> &'static BucketSet {
    static SET: std::sync::OnceLock<BucketSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut set = BucketSet::new(
            "uvcache store",
            [(Bucket::Http, 0), (Bucket::Archive, 0), (Bucket::Git, 0)]
                .into_iter()
                .map(|(b, v)| (b, v, format!("{}-v{v}", b.prefix())))
                .collect(),
        );
        set.own = &STORE_FOLDERS;
        set
    })
}

impl BucketSet {
    /// Whether `root` holds one of this layout's own folders (a store that only the index or
    /// push records made, without `CACHEDIR.TAG`, is still uvcache's store).
    pub fn holds_own_folder(&self, root: &std::path::Path) -> bool {
        self.own
            .iter()
            .any(|name| std::fs::symlink_metadata(root.join(name)).is_ok_and(|m| m.is_dir()))
    }

    /// A set from its buckets: `(family, version, directory name)`.
    pub fn new(uv_version: &str, versions: Vec<(Bucket, u32, String)>) -> BucketSet {
        BucketSet {
            uv_version: uv_version.to_string(),
            versions,
            own: &[],
        }
    }

    /// The release and its bucket directories, as one string: what an answer judged for this
    /// set is kept under (the index's listing).
    pub fn fingerprint(&self) -> String {
        let mut out = self.uv_version.clone();
        for (.., name) in &self.versions {
            out.push(' ');
            out.push_str(name);
        }
        out
    }

    /// The current version of a bucket in this set (0 for a family the set lacks).
    pub fn version(&self, bucket: Bucket) -> u32 {
        self.versions
            .iter()
            .find(|(b, ..)| *b == bucket)
            .map_or(0, |(_, v, _)| *v)
    }

    /// Whether the family is a bucket of this layout.
    pub fn has(&self, bucket: Bucket) -> bool {
        self.versions.iter().any(|(b, ..)| *b == bucket)
    }

    /// The families of this layout.
    pub fn buckets(&self) -> impl Iterator<Item = Bucket> + '_ {
        self.versions.iter().map(|(b, ..)| *b)
    }

    /// The current directory name of a bucket (`wheels-v7`).
    pub fn dir_name(&self, bucket: Bucket) -> String {
        self.versions
            .iter()
            .find(|(b, ..)| *b == bucket)
            .map_or_else(
                || format!("{}-v{}", bucket.prefix(), self.version(bucket)),
                |(.., name)| name.clone(),
            )
    }

    /// Classifies one name found at the cache root.
    pub fn classify_root(&self, name: &str, is_dir: bool) -> RootClass {
        if MARKERS.contains(&name) {
            return RootClass::Marker;
        }
        if is_dir && self.own.contains(&name) {
            return RootClass::Own;
        }
        if is_dir
            && let Some((bucket, version)) = parse_bucket_name(name)
            && self.has(bucket)
        {
            let current = self.version(bucket);
            // Equal versions under another name (`built-wheels-v4` for `sdists-v4`) are not
            // this release's bucket.
            let state = match version.cmp(&current) {
                std::cmp::Ordering::Equal if self.dir_name(bucket) == name => BucketState::Current,
                std::cmp::Ordering::Greater => BucketState::Newer,
                _ => BucketState::Outdated,
            };
            return RootClass::Bucket {
                bucket,
                version,
                state,
            };
        }
        if name.starts_with(".tmp") {
            return RootClass::Temp;
        }
        RootClass::Unknown
    }
}

/// Prefix of uvcache's working folders at a cache root: park folders, pull stages, and (before
/// park folders) trees parked directly at the root.
pub const TRASH_PREFIX: &str = ".tmp-uvcache-";

/// Refuses a directory that does not look like a uv cache (no valid `CACHEDIR.TAG`, no bucket).
pub fn check_is_cache(root: &Path) -> crate::error::Result<()> {
    if CacheSignature::read(root).is_uv_cache() || interrupted_clean(root) {
        Ok(())
    } else {
        Err(crate::error::Error::NotACache(root.to_path_buf()))
    }
}

/// What a whole `clean` leaves (uv's own, or uvcache's, finished or killed after its renames):
/// uv's `.lock`, and perhaps uvcache's parked trees, nothing else. The next run must finish
/// deleting those, so it still counts as a cache.
fn interrupted_clean(root: &Path) -> bool {
    let Ok(children) = std::fs::read_dir(root) else {
        return false;
    };
    let names: Vec<String> = children
        .flatten()
        .map(|c| c.file_name().to_string_lossy().into_owned())
        .collect();
    names
        .iter()
        .any(|n| n == crate::cache::lock::LOCK_FILE || n.starts_with(TRASH_PREFIX))
        && names
            .iter()
            .all(|n| n == crate::cache::lock::LOCK_FILE || n.starts_with(TRASH_PREFIX))
}

/// Files uv keeps at the root and that are not buckets.
pub const MARKERS: [&str; 4] = ["CACHEDIR.TAG", ".gitignore", ".git", ".lock"];

/// The 43 bytes of a valid `CACHEDIR.TAG`, as uv writes it (no newline).
pub const CACHEDIR_TAG: &[u8] = b"Signature: 8a477f597d28d172789f06886806bc55";

/// Splits `wheels-v7` into its bucket and version; `built-wheels-vN` is the old sdists name.
pub fn parse_bucket_name(name: &str) -> Option<(Bucket, u32)> {
    let (prefix, version) = name.rsplit_once("-v")?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) || version.len() > 6 {
        return None;
    }
    let version: u32 = version.parse().ok()?;
    let bucket = if prefix == "built-wheels" {
        Bucket::Sdists
    } else {
        Bucket::from_prefix(prefix)?
    };
    Some((bucket, version))
}

/// What a top-level entry of the cache root is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootClass {
    /// A bucket directory of a known family.
    Bucket {
        bucket: Bucket,
        version: u32,
        state: BucketState,
    },
    /// `CACHEDIR.TAG`, `.gitignore`, `.git`, `.lock`.
    Marker,
    /// A folder of uvcache's own records in its store ([`STORE_FOLDERS`]).
    Own,
    /// A `.tmp*` staging entry.
    Temp,
    /// Anything else.
    Unknown,
}

/// How a bucket directory's version relates to the known set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BucketState {
    /// The version the target release uses.
    Current,
    /// An older version (or the old `built-wheels` name): uv's prune removes it.
    Outdated,
    /// A version newer than uvcache knows: never touched.
    Newer,
}

impl BucketState {
    /// Lowercase name for reports.
    pub fn name(self) -> &'static str {
        match self {
            BucketState::Current => "current",
            BucketState::Outdated => "outdated",
            BucketState::Newer => "newer",
        }
    }
}

/// What makes a directory look like a uv cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSignature {
    /// `CACHEDIR.TAG` exists with exactly uv's 43 bytes.
    pub valid_tag: bool,
    /// Number of root directories named like a bucket of a known family.
    pub known_buckets: usize,
}

impl CacheSignature {
    /// Reads the root (two small reads; nothing is written).
    pub fn read(root: &Path) -> CacheSignature {
        let valid_tag = std::fs::read(root.join("CACHEDIR.TAG")).is_ok_and(|b| b == CACHEDIR_TAG);
        let known_buckets = std::fs::read_dir(root)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .filter(|e| e.file_name().to_str().and_then(parse_bucket_name).is_some())
                    .count()
            })
            .unwrap_or(0);
        CacheSignature {
            valid_tag,
            known_buckets,
        }
    }

    /// A uv cache has a valid tag or at least one bucket.
    pub fn is_uv_cache(&self) -> bool {
        self.valid_tag || self.known_buckets > 0
    }
}

/// Suffixes of files that belong to the entry named by the rest of the file name
/// (`six/1.17.0-py2.py3-none-any.http` belongs to `six/1.17.0-py2.py3-none-any`).
pub const ENTRY_SUFFIXES: [&str; 6] = [".http", ".msgpack", ".lock", ".rev", ".rkyv", ".ok"];

/// The entry a file or directory name belongs to at an entry's level: the name without a
/// known pointer suffix.
pub fn entry_stem(name: &str) -> &str {
    ENTRY_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|stem| !stem.is_empty()))
        .unwrap_or(name)
}

/// The bit of a member of a grouped entry in [`crate::cache::sums::Accum::members`]: bit 0 for the
/// stem itself (a link or directory), bit `i + 1` for `ENTRY_SUFFIXES[i]`.
pub fn member_bit(name: &str) -> u8 {
    ENTRY_SUFFIXES
        .iter()
        .position(|s| name.ends_with(s) && name.len() > s.len())
        .map_or(1, |i| 1 << (i + 1))
}

/// The member bit of the pointer file with this suffix (`.lock`); 0 for no such suffix.
pub fn suffix_bit(suffix: &str) -> u8 {
    ENTRY_SUFFIXES
        .iter()
        .position(|s| *s == suffix)
        .map_or(0, |i| 1 << (i + 1))
}

/// `path` and then each of its ancestors (`a/b/c`, `a/b`, `a`): how "is this path or a parent
/// planned / an entry" is answered with look-ups instead of scans.
pub fn path_and_ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(path), |p| p.rfind('/').map(|i| &p[..i]))
}

/// The paths of a grouped entry at `path` whose members are `members` (see [`member_bit`]).
pub fn member_paths(path: &str, members: u8) -> Vec<String> {
    let mut paths = Vec::new();
    if members & 1 != 0 || members == 0 {
        paths.push(path.to_string());
    }
    for (i, suffix) in ENTRY_SUFFIXES.iter().enumerate() {
        if members & (1 << (i + 1)) != 0 {
            let mut member = String::with_capacity(path.len() + suffix.len());
            member.push_str(path);
            member.push_str(suffix);
            paths.push(member);
        }
    }
    paths
}

/// How deep below the bucket directory an entry's path is, given the first component below
/// the bucket, and whether names at that level are grouped by [`entry_stem`].
/// `None`: this subtree is not a layout uvcache knows, and becomes one `unknown` entry.
pub fn entry_depth(bucket: Bucket, names: EntryNames, first: &str) -> Option<(usize, bool)> {
    let depth = match (bucket, first) {
        // `interpreter-v2/<digest>.msgpack`: no shard directory before uv 0.5.9.
        (Bucket::Interpreter, _) if names == EntryNames::RootFiles => (1, true),
        (Bucket::Wheels, "pypi") => (3, true),
        (Bucket::Wheels, "index" | "url" | "path" | "editable" | "git") => (4, true),
        (Bucket::Sdists, "pypi") => (3, false),
        (Bucket::Sdists, "index") => (4, false),
        (Bucket::Sdists, "url" | "path" | "editable") => (2, false),
        (Bucket::Sdists, "git") => (3, false),
        (Bucket::Simple, "pypi") => (2, true),
        (Bucket::Simple, "index") => (3, true),
        (Bucket::FlatIndex, _) => (2, true),
        (Bucket::Git, "db" | "locks") => (2, false),
        (Bucket::Git, "checkouts") => (3, true),
        (Bucket::Interpreter, _) => (2, true),
        (Bucket::Archive | Bucket::Builds | Bucket::Files, _) => (1, false),
        // `<digest(interpreter)>/<resolution hash>` links (+ `.lock`) for `uv run --with` and
        // uvx; `<name>-<digest>/` venvs for PEP 723 scripts.
        (Bucket::Environments, first) if is_digest(first) => (2, true),
        (Bucket::Environments, _) => (1, true),
        (Bucket::Python | Bucket::Osv, _) => (2, true),
        (Bucket::Binaries, _) => (2, false),
        // uvcache's store: `http-v0/<digest(url)>/<file>` link + `.http` pointer + `.lock`.
        (Bucket::Http, first) if is_digest(first) => (2, true),
        _ => return None,
    };
    Some(depth)
}

/// Whether a name is a cache digest: 16 lowercase hex digits.
pub fn is_digest(name: &str) -> bool {
    name.len() == 16
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether a directory one level below an sdist shard is a revision (an entry of its own until
/// the walk knows which revision is current). Git shards have no revision level.
pub fn has_revisions(bucket: Bucket, first: &str) -> bool {
    bucket == Bucket::Sdists && first != "git"
}

/// The revisions an sdist shard's pointer names as current (`revision.http`, else
/// `revision.rev`), read without moving its access time, which is the entry's last use
/// ([`crate::os::atime`]). `None` when no pointer uv could read names one: uv's prune then
/// keeps every revision. The one place that decides which revision is current, for the
/// inventory and for prune.
pub fn current_revisions(shard: &Path) -> Option<Vec<String>> {
    let bytes = ["revision.http", "revision.rev"]
        .iter()
        .find_map(|p| crate::os::atime::read(&shard.join(p)).ok())?;
    let ids: Vec<String> = pointer_revision_ids(&bytes)
        .into_iter()
        .map(str::to_string)
        .collect();
    (!ids.is_empty()).then_some(ids)
}

/// Revision ids named in an sdist shard's pointer (`revision.http` / `revision.rev`), found
/// without decoding it: msgpack strings of 16 (uv's `fastid`) or 21 (older nanoid) characters
/// from the id alphabet. An empty result means the pointer cannot be read, and uv's prune then
/// keeps every revision of the shard.
pub fn pointer_revision_ids(bytes: &[u8]) -> Vec<&str> {
    let id_char = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-';
    let mut ids = Vec::new();
    for (i, tag) in bytes.iter().enumerate() {
        let len = match tag {
            0xb0 => 16,
            0xb5 => 21,
            _ => continue,
        };
        if let Some(candidate) = bytes.get(i + 1..i + 1 + len)
            && candidate.iter().all(id_char)
            && let Ok(id) = std::str::from_utf8(candidate)
        {
            ids.push(id);
        }
    }
    ids
}

#[cfg(test)]
mod tests;
