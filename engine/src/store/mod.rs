//! uvcache's own store: where fetched files, git databases and checkouts live.
//!
//! Never inside a uv cache root (uv's prune deletes every root entry that is not one of its
//! buckets, docs/design.md#keep-out-of-the-cache-root), but built like one, so the inventory, `size`, `clean` and `prune` work on
//! it unchanged: `CACHEDIR.TAG`, `.gitignore`, `.lock`, versioned buckets
//! ([`layout::store_v0`]), immutable archives in `archive-v0` reached through symlinks, every
//! file written to a temporary path and renamed into place. Its location is resolved like uv's
//! cache directory under uvcache's names: `--store-dir`, `UVCACHE_STORE_DIR`, `store-dir` in
//! uvcache's config files, `$XDG_CACHE_HOME/uvcache`, `~/.cache/uvcache`,
//! `%LOCALAPPDATA%\uvcache\cache`.
//!
//! What lives in it, one file each: [`fetch`] (HTTP by caching headers, over `http`), [`git`]
//! (repositories by resolved commit), [`link`] (entries materialized with uv's link modes), and
//! the `--refresh-package` rule they share.

#[cfg(feature = "fetch")]
pub mod fetch;
#[cfg(feature = "git")]
pub mod git;
#[cfg(feature = "fetch")]
mod http;
pub mod link;
#[cfg(any(feature = "fetch", feature = "git"))]
mod refresh;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::cache::layout::{self, Bucket, BucketSet};
use crate::cache::lock::{self, CacheLock, LockMode};
use crate::config::environment::Environment;
use crate::config::{Config, Layer, Origin};
use crate::error::{Error, Result};

/// A check for ctrl-c (none by default).
#[derive(Clone, Default)]
pub struct Interrupt(Option<std::sync::Arc<dyn Fn() -> bool + Send + Sync>>);

impl Interrupt {
    /// Polls `check`.
    pub fn new(check: std::sync::Arc<dyn Fn() -> bool + Send + Sync>) -> Interrupt {
        Interrupt(Some(check))
    }

    /// Whether ctrl-c was pressed.
    pub fn is_set(&self) -> bool {
        self.0.as_ref().is_some_and(|check| check())
    }
}

impl std::fmt::Debug for Interrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Interrupt(polled)"
        } else {
            "Interrupt(none)"
        })
    }
}

/// The folder of the indexes of uv caches ([`crate::cache::index`]), one file per cache root.
pub const INDEX_DIR: &str = layout::INDEX_FOLDER;

/// The store's layout.
pub fn buckets() -> &'static BucketSet {
    layout::store_v0()
}

/// A resolved store directory, and what decided it.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    origin: Origin,
}

/// Resolves the store for a loaded configuration. A store inside the uv cache root is refused:
/// uv's prune would delete it.
pub fn resolve(config: &Config, uv_cache: Option<&Path>) -> Result<Store> {
    let root = config.store_dir().ok_or(Error::NoStoreDir)?;
    let origin = config.origin("store-dir").unwrap_or(Origin {
        layer: Layer::Default,
        file: None,
        detail: None,
    });
    if let Some(cache) = uv_cache
        && inside(&root, cache)
    {
        return Err(Error::StoreInsideCache {
            store: root,
            cache: cache.to_path_buf(),
        });
    }
    Ok(Store { root, origin })
}

/// Whether `path` is `dir` or below it, comparing canonical forms where they exist.
fn inside(path: &Path, dir: &Path) -> bool {
    let canonical = |p: &Path| {
        // The nearest existing ancestor, canonicalized, with the rest appended.
        let mut existing = p;
        let mut rest = Vec::new();
        loop {
            if let Ok(c) = existing.canonicalize() {
                return rest.iter().rev().fold(c, |acc: PathBuf, n| acc.join(n));
            }
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return p.to_path_buf(),
            }
        }
    };
    canonical(path).starts_with(canonical(dir))
}

impl Store {
    /// A store at an explicit path (tests, benchmarks).
    pub fn at(root: impl Into<PathBuf>) -> Store {
        Store {
            root: root.into(),
            origin: Origin {
                layer: Layer::Flag,
                file: None,
                detail: None,
            },
        }
    }

    /// The store's root directory.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The layer, file or variable that decided the path.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The current directory of a bucket (`<root>/http-v0`).
    pub fn bucket(&self, bucket: Bucket) -> PathBuf {
        self.root.join(buckets().dir_name(bucket))
    }

    /// Creates the scaffold if missing and takes the root lock shared, as every uv command
    /// does: `clean` and `prune` on the store then wait for running fetches. The scaffold is
    /// written after the lock, so a fetch queued behind a clean rebuilds it.
    pub fn open(&self, env: &Environment) -> Result<CacheLock> {
        std::fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        let lock = lock::acquire(
            &self.root,
            LockMode::Shared,
            lock::timeout(env)?,
            false,
            &|| {},
        )?;
        create_new(&self.root.join("CACHEDIR.TAG"), layout::CACHEDIR_TAG)?;
        create_new(&self.root.join(".gitignore"), b"*")?;
        for bucket in buckets().buckets() {
            let dir = self.bucket(bucket);
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        Ok(lock)
    }
}

/// Writes a file only if it does not exist (never rewritten, as uv's markers).
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => file.write_all(bytes).map_err(|e| Error::io(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

pub use crate::cache::atomic::write_atomic;

/// Points the symlink `link` at `target`, replacing an existing link atomically: the new link
/// is made under a temporary name in the same directory and renamed over the old one.
pub fn replace_symlink(target: &Path, link: &Path) -> Result<()> {
    let dir = link.parent().unwrap_or(Path::new("."));
    let temp = dir.join(format!(".tmp{}", new_id()));
    crate::os::link::make_symlink(target, &temp, true).map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, link).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(link, e)
    })
}

/// A new archive id: 20 characters from a digest of the time, the process and a counter,
/// unique without coordination (as uv's random ids).
pub fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = Sha256::new();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.update(now.as_nanos().to_le_bytes());
    hasher.update(std::process::id().to_le_bytes());
    hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    hasher
        .finalize()
        .iter()
        .take(20)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// A 16-hex-digit digest of a key (URL, repository): the shard names of the store.
pub fn digest(key: &str) -> String {
    crate::text::hex(&Sha256::digest(key.as_bytes())[..8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Flags, FrontendSettings};

    #[test]
    fn resolves_like_the_cache_dir_under_uvcache_names() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Environment::new(tmp.path()).with_var("HOME", "/h");
        let load = |env: &Environment, flags: &Flags| {
            Config::load(env, flags, &FrontendSettings::default()).unwrap()
        };
        let store = resolve(&load(&env, &Flags::default()), None).unwrap();
        assert_eq!(store.path(), Path::new("/h/.cache/uvcache"));
        assert_eq!(store.origin().layer, Layer::Default);
        let env = env.with_var("XDG_CACHE_HOME", "/x");
        let store = resolve(&load(&env, &Flags::default()), None).unwrap();
        assert_eq!(store.path(), Path::new("/x/uvcache"));
        std::fs::write(tmp.path().join("uvcache.toml"), "store-dir = \"s\"\n").unwrap();
        let store = resolve(&load(&env, &Flags::default()), None).unwrap();
        assert_eq!(store.path(), tmp.path().join("s"));
        assert_eq!(store.origin().layer, Layer::UvcacheProject);
        // uv's own files may not set it: uv would reject the key.
        std::fs::write(tmp.path().join("uv.toml"), "store-dir = \"u\"\n").unwrap();
        let store = resolve(&load(&env, &Flags::default()), None).unwrap();
        assert_eq!(store.path(), tmp.path().join("s"));
        let env = env.with_var("UVCACHE_STORE_DIR", "/e");
        let store = resolve(&load(&env, &Flags::default()), None).unwrap();
        assert_eq!(store.origin().detail.as_deref(), Some("UVCACHE_STORE_DIR"));
        let flags = Flags {
            store_dir: Some("/f".into()),
            ..Flags::default()
        };
        assert_eq!(
            resolve(&load(&env, &flags), None).unwrap().path(),
            Path::new("/f")
        );
    }

    #[test]
    fn refuses_a_store_inside_the_uv_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Environment::new(tmp.path()).with_var("UVCACHE_STORE_DIR", "cache/own");
        let config = Config::load(&env, &Flags::default(), &FrontendSettings::default()).unwrap();
        std::fs::create_dir(tmp.path().join("cache")).unwrap();
        let err = resolve(&config, Some(&tmp.path().join("cache"))).unwrap_err();
        assert!(matches!(err, Error::StoreInsideCache { .. }), "{err}");
        assert!(resolve(&config, Some(&tmp.path().join("other"))).is_ok());
    }

    #[test]
    fn scaffold_is_a_cache_of_the_store_layout() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path().join("s"));
        let lock = store.open(&Environment::new(tmp.path())).unwrap();
        assert!(lock.is_held());
        let signature = layout::CacheSignature::read(store.path());
        assert!(signature.valid_tag && signature.known_buckets == 3);
        assert_eq!(
            std::fs::read(store.path().join(".gitignore")).unwrap(),
            b"*"
        );
        assert!(store.bucket(Bucket::Http).ends_with("http-v0"));
        assert_ne!(new_id(), new_id());
        assert!(layout::is_digest(&digest("https://example.org/x")));
    }
}
