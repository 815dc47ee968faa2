//! The engine's error type: every variant keeps the path, file or key that was wrong.

use std::path::PathBuf;

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
    /// The walk was interrupted (ctrl-c).
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias of the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;
