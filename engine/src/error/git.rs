//! Why a git operation failed; [`crate::Error::Git`] adds the repository's URL.

use std::path::PathBuf;

use crate::text::safe_url;

/// Why resolving or checking out a revision failed. The git library's text is kept as
/// `detail` (a transfer's with its sources on one line), shown with the credentials of the URLs
/// in it masked.
#[derive(Debug, thiserror::Error)]
pub enum GitFailure {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create the database `{}`: {}", path.display(), safe_url(detail))]
    CreateDatabase { path: PathBuf, detail: String },
    #[error("{rev} is not in the store, and --offline forbids fetching")]
    Offline { rev: Revision },
    #[error("{rev} does not resolve to a commit (no such branch, tag or commit)")]
    NotFound { rev: Revision },
    #[error("invalid repository URL: {}", safe_url(detail))]
    InvalidUrl { detail: String },
    #[error("invalid refspec: {}", safe_url(detail))]
    InvalidRefspec { detail: String },
    #[error("cannot reach the repository: {}", safe_url(detail))]
    Unreachable { detail: String },
    #[error("cannot list the repository's references: {}", safe_url(detail))]
    References { detail: String },
    #[error("fetch failed: {}", safe_url(detail))]
    Transfer { detail: String },
    /// Stopped by ctrl-c (becomes [`crate::Error::Interrupted`]).
    #[error("interrupted by ctrl-c")]
    Interrupted,
    #[error("cannot read {what} {id}: {}", safe_url(detail))]
    Object {
        what: &'static str,
        id: String,
        detail: String,
    },
    #[error("refusing the tree entry `{name}`")]
    RefusedEntry { name: String },
}

impl GitFailure {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> GitFailure + '_ {
        move |source| GitFailure::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The revision asked for, as errors name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    Named(String),
    DefaultBranch,
}

impl Revision {
    pub fn of(rev: Option<&str>) -> Revision {
        rev.map_or(Revision::DefaultBranch, |r| Revision::Named(r.to_string()))
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Revision::Named(rev) => write!(f, "`{rev}`"),
            Revision::DefaultBranch => f.write_str("the default branch"),
        }
    }
}
