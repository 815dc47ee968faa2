//! Why a project's cache key could not be computed; [`crate::Error::Key`] adds its path.

/// Why a project's cache key could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum KeyFailure {
    #[error("not a directory")]
    NotADirectory,
    #[error("`tool.uv.cache-keys` in pyproject.toml must be an array")]
    NotAnArray,
    /// Entry `index` (from 1) of `cache-keys` is not a key.
    #[error("`tool.uv.cache-keys` entry {index}: {problem}")]
    Entry {
        index: usize,
        problem: KeyEntryProblem,
    },
}

/// What is wrong with one entry of `cache-keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyEntryProblem {
    #[error("expected a string or a table")]
    NotStringOrTable,
    #[error("`{0}` must be a string")]
    NotAString(&'static str),
    #[error("`git` must be a boolean or {{ commit, tags }}")]
    BadGit,
    #[error("expected one of `file`, `dir`, `git`, `env`")]
    UnknownKind,
}
