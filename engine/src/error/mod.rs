//! The engine's error type: every variant keeps the path, file or key that was wrong.

use std::path::PathBuf;

use crate::text::safe_url;

mod fetch;
mod git;
mod key;
mod link;
mod remote;

pub use fetch::{FetchFailure, NetworkKind, UnpackFailure};
pub use git::{GitFailure, Revision};
pub use key::{KeyEntryProblem, KeyFailure};
pub use link::{EntryRefused, LinkFailure};
pub use remote::{
    KeyNameInvalid, KeyTextInvalid, ManifestInvalid, Refusal, RemoteFailure, SecretKeyInvalid,
};

/// Errors of the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configuration file could not be read.
    #[error("cannot read config file `{path}`: {source}")]
    ConfigRead {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A configuration file is not valid TOML.
    #[error("invalid TOML in `{path}`: {message}")]
    ConfigSyntax { path: PathBuf, message: String },
    /// A configuration value has the wrong type or an unknown key.
    #[error("invalid configuration: {message}")]
    ConfigValue {
        key: Option<String>,
        file: Option<PathBuf>,
        message: String,
    },
    /// An environment variable holds a value that cannot be used.
    #[error("invalid value `{value}` in environment variable `{key}`: {expected}")]
    EnvValue {
        key: String,
        value: String,
        expected: &'static str,
    },
    /// No cache directory could be determined (no home directory, nothing configured).
    #[error("no cache directory: set --cache-dir or UV_CACHE_DIR")]
    NoCacheDir,
    /// The temporary cache directory for `--no-cache` could not be created.
    #[error("cannot create a temporary cache directory: {0}")]
    TempDir(std::io::Error),
    /// The cache root exists but is not a directory.
    #[error("cache directory `{0}` is not a directory")]
    NotADirectory(PathBuf),
    /// The cache root does not exist.
    #[error("no cache found at `{0}`")]
    MissingCache(PathBuf),
    /// An I/O error on a path.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// uv's cache lock stayed busy for the whole timeout.
    #[error(
        "timeout ({seconds}s) when waiting for the lock on `{path}`: another uv process is using the cache (raise UV_LOCK_TIMEOUT, or pass --force to proceed without the lock)"
    )]
    LockTimeout { path: PathBuf, seconds: u64 },
    /// A destructive operation on a directory that does not look like a uv cache.
    #[error(
        "`{0}` does not look like a uv cache (no valid CACHEDIR.TAG, no bucket directory); refusing to delete in it without --allow-non-cache"
    )]
    NotACache(PathBuf),
    /// A path that would leave the cache root.
    #[error("refusing to touch `{0}`: it is outside the cache root or reached through a symlink")]
    OutsideRoot(PathBuf),
    /// A package name argument that is not a valid name.
    #[error("invalid package name `{0}`")]
    InvalidPackage(String),
    /// A policy file is invalid; `line` is 0 when the file could not be read at all (or the
    /// value came from a flag or a variable, which have no lines).
    #[error("invalid policy `{file}`{}, key `{key}`: {message}", line_of(*line))]
    Policy {
        file: String,
        line: usize,
        key: String,
        message: String,
    },
    /// No store directory could be determined.
    #[error("no store directory: set --store-dir or UVCACHE_STORE_DIR")]
    NoStoreDir,
    /// The store resolved to a path inside uv's cache, whose prune would delete it.
    #[error(
        "uvcache's store `{store}` is inside uv's cache `{cache}`, where uv's prune would delete it; choose another --store-dir"
    )]
    StoreInsideCache { store: PathBuf, cache: PathBuf },
    /// An HTTP fetch failed.
    #[error("fetching `{}`: {reason}", safe_url(url))]
    Fetch { url: String, reason: FetchFailure },
    /// A git operation failed.
    #[error("git `{}`: {reason}", safe_url(url))]
    Git { url: String, reason: GitFailure },
    /// A local project's cache key could not be computed.
    #[error("cache key of `{}`: {reason}", path.display())]
    Key { path: PathBuf, reason: KeyFailure },
    /// Linking an entry into a destination failed.
    #[error("linking into `{}`: {reason}", dest.display())]
    Link { dest: PathBuf, reason: LinkFailure },
    /// A path given as a store entry that is not one (missing, or outside the store).
    #[error("store entry `{}`: {reason}", entry.display())]
    StoreEntry {
        entry: PathBuf,
        reason: EntryRefused,
    },
    /// A remote could not be opened or used.
    #[error("remote `{}`: {reason}", safe_url(remote))]
    Remote {
        remote: String,
        reason: RemoteFailure,
    },

    /// A trusted public key that is not one, named by where it was written (never quoted).
    #[error("{name} (from {written_in}): {reason}")]
    TrustedKey {
        name: String,
        written_in: String,
        reason: KeyTextInvalid,
    },

    /// The file `signing-key-file` names cannot be used.
    #[error("`signing-key-file` (from {written_in}): {error}")]
    SigningKeyFile {
        written_in: String,
        error: Box<Error>,
    },

    /// A signing key file that cannot be used.
    #[error("signing key `{}`: {reason}", path.display())]
    SigningKey {
        path: PathBuf,
        reason: SecretKeyInvalid,
    },

    /// An object read from a remote that this build refuses.
    #[error("remote object `{object}` of `{entry}`: {reason}; nothing of it was written")]
    Integrity {
        object: String,
        entry: String,
        reason: Box<Refusal>,
    },

    /// The walk was interrupted (ctrl-c).
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error and its sources on one line, each source once (HTTP and git errors nest deeply and
/// often repeat their inner message).
#[cfg(any(feature = "fetch", feature = "git"))]
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let more = inner.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = inner.source();
    }
    text
}

/// `, line N` for a position in a file; nothing for line 0 (no position).
fn line_of(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(", line {line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed reasons read as the messages they replaced, context first.
    #[test]
    fn reasons_read_with_their_context() {
        let git = Error::Git {
            url: "https://example.org/r.git".into(),
            reason: GitFailure::Offline {
                rev: Revision::of(Some("v1")),
            },
        };
        assert_eq!(
            git.to_string(),
            "git `https://example.org/r.git`: `v1` is not in the store, and --offline forbids fetching"
        );
        let key = Error::Key {
            path: "/p".into(),
            reason: KeyFailure::Entry {
                index: 2,
                problem: KeyEntryProblem::NotAString("dir"),
            },
        };
        assert_eq!(
            key.to_string(),
            "cache key of `/p`: `tool.uv.cache-keys` entry 2: `dir` must be a string"
        );
        let fetch = Error::Fetch {
            url: "https://example.org/x.whl".into(),
            reason: FetchFailure::Network {
                kind: NetworkKind::Connect,
                detail: "refused".into(),
            },
        };
        assert_eq!(
            fetch.to_string(),
            "fetching `https://example.org/x.whl`: cannot connect: refused; nothing was stored"
        );
    }
}
