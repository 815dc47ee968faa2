//! Files fetched through the store: HTTP by caching headers (RFC 9111, private cache), local
//! files by modification time (docs/design.md#http-caching).
//!
//! One URL is one shard, `http-v0/<digest(url)>/`, holding for each form of the file an entry
//! of uv's design: a pointer `<name>.http` (JSON: URL, archive id, sha256, size, and the cache
//! policy or the source file's modification time), a symlink `<name>` to the immutable
//! `archive-v0/<id>` that holds the bytes (or the unpacked wheel), and `<name>.lock`, the entry's
//! writer lock. `<name>` is the URL's file name; an unpacked wheel is its stem; a name whose
//! extension uv's reference scan skips (`.whl`, `.lock`, …) has that dot made a `_`, so the
//! link still counts as a reference and prune keeps its archive.
//!
//! A refetch writes a new archive, then swaps the link, then the pointer; the old archive stays
//! until prune (append-only). Bodies stream to a `.tmp*` directory at the store root, so a
//! killed download leaves no entry, only staging that prune removes. A response that may not be
//! stored (`no-store`) still lands in an archive, for the caller to read, but gets no pointer:
//! the next fetch asks again, and prune removes it.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use http_cache_semantics::CachePolicy;
use serde::{Deserialize, Serialize};

use crate::cache::layout::Bucket;
use crate::cache::lock::{self, LockMode};
use crate::cache::names;
use crate::config::environment::Environment;
use crate::error::{Error, FetchFailure, NetworkKind, Result};
use crate::store::http::{HashingWriter, unzip};
use crate::store::{self, Store, refresh};

mod exchange;

/// How a fetch may use the network.
#[derive(Debug, Clone, Default)]
pub struct FetchOptions {
    /// Revalidate a stored response even when fresh (except `immutable` ones, as uv).
    pub refresh: bool,
    /// Never touch the network: serve what is stored, however old.
    pub offline: bool,
    /// Unpack a wheel into the archive instead of keeping the file.
    pub unpack: bool,
    /// Polled while a request waits: ctrl-c stops the fetch within a tenth of a second, and
    /// nothing is stored.
    pub interrupt: Interrupt,
}

pub use crate::store::Interrupt;

/// What a fetch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchStatus {
    /// Served from the store without a request.
    Hit,
    /// A conditional request answered 304: the stored bytes were kept, the policy renewed.
    Revalidated,
    /// Nothing was stored: downloaded (or copied).
    Miss,
    /// Something was stored, but it changed: downloaded (or copied) again.
    Refreshed,
}

impl FetchStatus {
    /// The status of a download: `refreshed` if something was stored before, else `miss`.
    fn downloaded(had_entry: bool) -> FetchStatus {
        if had_entry {
            FetchStatus::Refreshed
        } else {
            FetchStatus::Miss
        }
    }

    /// Lowercase name for reports.
    pub fn name(self) -> &'static str {
        match self {
            FetchStatus::Hit => "hit",
            FetchStatus::Revalidated => "revalidated",
            FetchStatus::Miss => "miss",
            FetchStatus::Refreshed => "refreshed",
        }
    }
}

/// The result of a fetch.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL as given (a local path becomes a `file://` URL).
    pub url: String,
    /// The file in the archive (or the unpacked directory).
    pub path: PathBuf,
    /// The entry's link in the store (`http-v0/<digest>/<name>`).
    pub entry: PathBuf,
    /// What happened.
    pub status: FetchStatus,
    /// Size of the fetched file.
    pub bytes: u64,
    /// Its sha256, lowercase hex.
    pub sha256: String,
    /// Until when it is served without a request (`None`: local files, unstored responses).
    pub fresh_until: Option<SystemTime>,
    /// Whether the response was stored (false for `no-store`).
    pub stored: bool,
}

/// The pointer file's contents.
#[derive(Debug, Serialize, Deserialize)]
struct Pointer {
    url: String,
    archive: String,
    file: String,
    sha256: String,
    bytes: u64,
    unpacked: bool,
    /// HTTP: the cache policy of the stored response.
    policy: Option<CachePolicy>,
    /// Local files: the source's modification time (ns since the epoch) and length.
    source: Option<(u128, u64)>,
    /// The response said `Cache-Control: immutable`: `--refresh` does not revalidate it.
    #[serde(default)]
    immutable: bool,
    /// The stored response's validators (`ETag`, `Last-Modified`): a 304 that carries none
    /// answers the conditional request made from them.
    #[serde(default)]
    validators: Vec<(String, String)>,
}

/// Where a URL's bytes come from.
enum Origin {
    Http(reqwest::Url),
    Local(PathBuf),
}

/// Fetches `url` (http, https, file, or a local path) through the store.
pub fn fetch(
    store: &Store,
    env: &Environment,
    url: &str,
    options: &FetchOptions,
) -> Result<Fetched> {
    let (url, origin) = parse(env, url)?;
    let file = file_name(&origin);
    let name = entry_name(&file, options.unpack);
    if options.unpack && !file.to_ascii_lowercase().ends_with(".whl") {
        return Err(Error::Fetch {
            url,
            reason: FetchFailure::NotAWheel { file },
        });
    }
    let _root_lock = store.open(env)?;
    let shard = store.bucket(Bucket::Http).join(store::digest(&url));
    std::fs::create_dir_all(&shard).map_err(|e| Error::io(&shard, e))?;
    let _entry_lock = lock::acquire_file(
        &shard.join(format!("{name}.lock")),
        LockMode::Exclusive,
        lock::timeout(env)?,
        false,
        &|| {},
    )?;
    let entry = Entry {
        store,
        shard,
        name,
        file,
        url,
        unpack: options.unpack,
    };
    let stored = entry.read();
    match origin {
        Origin::Local(path) => entry.local(&path, stored),
        Origin::Http(parsed) => entry.http(env, parsed, stored, options),
    }
}

/// Whether `--refresh-package` patterns select this URL: a package name (normalized) equal to
/// the file's distribution name, or a glob over the whole URL.
pub fn refresh_selects(url: &str, patterns: &[String]) -> bool {
    let file = url.rsplit('/').next().unwrap_or(url);
    let package = names::distribution_name_version(file).map(|(name, _)| name);
    refresh::selects(url, package.as_deref(), patterns)
}

fn parse(env: &Environment, raw: &str) -> Result<(String, Origin)> {
    let bad = |reason: FetchFailure| Error::Fetch {
        url: raw.to_string(),
        reason,
    };
    if raw.starts_with("http://") || raw.starts_with("https://") {
        let url = reqwest::Url::parse(raw).map_err(|e| {
            bad(FetchFailure::InvalidUrl {
                detail: e.to_string(),
            })
        })?;
        return Ok((url.to_string(), Origin::Http(url)));
    }
    let path = if let Some(rest) = raw.strip_prefix("file://") {
        PathBuf::from(rest)
    } else if raw.contains("://") {
        return Err(bad(FetchFailure::UnsupportedScheme));
    } else {
        env.absolutize(Path::new(raw))
    };
    if !path.is_absolute() {
        return Err(bad(FetchFailure::RelativeFile));
    }
    Ok((format!("file://{}", path.display()), Origin::Local(path)))
}

/// The URL's file name, made safe as a single path component.
fn file_name(origin: &Origin) -> String {
    let raw = match origin {
        Origin::Http(url) => url
            .path_segments()
            .and_then(|mut s| s.next_back())
            .unwrap_or_default()
            .to_string(),
        Origin::Local(path) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let clean: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    match clean.trim_start_matches('.') {
        "" => "index".to_string(),
        name => name.to_string(),
    }
}

/// The entry's name in the shard (see the module docs).
fn entry_name(file: &str, unpack: bool) -> String {
    if unpack && let Some(stem) = file.strip_suffix(".whl") {
        return stem.to_string();
    }
    if crate::cache::links::reference_pruned(file)
        && let Some((stem, ext)) = file.rsplit_once('.')
    {
        return format!("{stem}_{ext}");
    }
    file.to_string()
}

/// One entry of the store, its lock held.
struct Entry<'a> {
    store: &'a Store,
    shard: PathBuf,
    name: String,
    file: String,
    url: String,
    unpack: bool,
}

/// A stored pointer whose archive exists.
struct Stored {
    pointer: Pointer,
    path: PathBuf,
}

impl Entry<'_> {
    fn pointer_path(&self) -> PathBuf {
        self.shard.join(format!("{}.http", self.name))
    }

    fn archive_dir(&self, id: &str) -> PathBuf {
        self.store.bucket(Bucket::Archive).join(id)
    }

    fn content_path(&self, id: &str) -> PathBuf {
        let dir = self.archive_dir(id);
        if self.unpack {
            dir
        } else {
            dir.join(&self.file)
        }
    }

    /// The stored pointer, if it parses, names this URL, and its archive is there. Anything
    /// else counts as not stored and is replaced by the next write (uv heals the same way).
    fn read(&self) -> Option<Stored> {
        let bytes = std::fs::read(self.pointer_path()).ok()?;
        let pointer: Pointer = serde_json::from_slice(&bytes).ok()?;
        if pointer.url != self.url || pointer.unpacked != self.unpack || pointer.file != self.file {
            return None;
        }
        let path = self.content_path(&pointer.archive);
        path.exists().then_some(Stored { pointer, path })
    }

    /// A pointer to fresh bytes of this entry (the archive id is set by [`Entry::commit`]).
    fn pointer(&self, sha256: String, bytes: u64) -> Pointer {
        Pointer {
            url: self.url.clone(),
            archive: String::new(),
            file: self.file.clone(),
            sha256,
            bytes,
            unpacked: self.unpack,
            policy: None,
            source: None,
            immutable: false,
            validators: Vec::new(),
        }
    }

    fn result(&self, stored: &Stored, status: FetchStatus) -> Fetched {
        let now = SystemTime::now();
        Fetched {
            url: self.url.clone(),
            path: stored.path.clone(),
            entry: self.shard.join(&self.name),
            status,
            bytes: stored.pointer.bytes,
            sha256: stored.pointer.sha256.clone(),
            fresh_until: stored
                .pointer
                .policy
                .as_ref()
                .map(|p| now + p.time_to_live(now)),
            stored: true,
        }
    }

    fn local(&self, source: &Path, stored: Option<Stored>) -> Result<Fetched> {
        let meta = std::fs::metadata(source).map_err(|e| Error::io(source, e))?;
        if !meta.is_file() {
            return Err(self.error(FetchFailure::NotAFile {
                path: source.to_path_buf(),
            }));
        }
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let key = (mtime, meta.len());
        if let Some(stored) = &stored
            && stored.pointer.source == Some(key)
        {
            return Ok(self.result(stored, FetchStatus::Hit));
        }
        let mut input = std::fs::File::open(source).map_err(|e| Error::io(source, e))?;
        let (staging, target, mut output) = self.staging()?;
        let mut hasher = HashingWriter::new(&mut output);
        let bytes = std::io::copy(&mut input, &mut hasher).map_err(|e| Error::io(source, e))?;
        let sha256 = hasher.finish();
        output.sync_data().map_err(|e| Error::io(&target, e))?;
        let status = FetchStatus::downloaded(stored.is_some());
        let pointer = Pointer {
            source: Some(key),
            ..self.pointer(sha256, bytes)
        };
        let stored = self.commit(staging, pointer, true)?;
        Ok(self.result(&stored, status))
    }

    /// A `.tmp*` directory at the store root (prune removes what a killed process leaves) and
    /// the file the bytes go to inside it.
    fn staging(&self) -> Result<(tempfile::TempDir, PathBuf, std::fs::File)> {
        let staging = tempfile::Builder::new()
            .prefix(".tmp")
            .tempdir_in(self.store.path())
            .map_err(|e| Error::io(self.store.path(), e))?;
        let target = staging.path().join(&self.file);
        let file = std::fs::File::create(&target).map_err(|e| Error::io(&target, e))?;
        Ok((staging, target, file))
    }

    /// Makes the staged bytes an archive, then (if `visible`) points the link and the pointer
    /// at it, in that order: the pointer is the commit.
    fn commit(
        &self,
        staging: tempfile::TempDir,
        mut pointer: Pointer,
        visible: bool,
    ) -> Result<Stored> {
        if self.unpack {
            let wheel = staging.path().join(&self.file);
            let unpacked = staging.path().join("unpacked");
            unzip(&wheel, &unpacked).map_err(|e| self.error(e.into()))?;
            std::fs::remove_file(&wheel).map_err(|e| Error::io(&wheel, e))?;
            let id = store::new_id();
            let archive = self.archive_dir(&id);
            std::fs::rename(&unpacked, &archive).map_err(|e| Error::io(&archive, e))?;
            pointer.archive = id;
        } else {
            let id = store::new_id();
            let archive = self.archive_dir(&id);
            let staged = staging.keep();
            std::fs::rename(&staged, &archive).map_err(|e| Error::io(&archive, e))?;
            pointer.archive = id;
        }
        if visible {
            let target = Path::new("../..")
                .join(store::buckets().dir_name(Bucket::Archive))
                .join(&pointer.archive);
            store::replace_symlink(&target, &self.shard.join(&self.name))?;
            store::write_atomic(
                &self.pointer_path(),
                &serde_json::to_vec(&pointer).map_err(|e| self.error(FetchFailure::Pointer(e)))?,
            )?;
        }
        let path = self.content_path(&pointer.archive);
        Ok(Stored { pointer, path })
    }

    fn error(&self, reason: FetchFailure) -> Error {
        Error::Fetch {
            url: self.url.clone(),
            reason,
        }
    }

    fn network_error(&self, error: &reqwest::Error) -> Error {
        let kind = if error.is_timeout() {
            NetworkKind::Timeout
        } else if error.is_connect() {
            NetworkKind::Connect
        } else if error.is_body() || error.is_decode() {
            NetworkKind::Body
        } else {
            NetworkKind::Request
        };
        self.error(FetchFailure::Network {
            kind,
            detail: crate::error::chain(error),
        })
    }
}

#[cfg(test)]
mod tests;
