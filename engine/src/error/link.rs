//! Why linking a store entry failed: [`crate::Error::Link`] adds the destination,
//! [`crate::Error::StoreEntry`] the entry.

use std::path::PathBuf;

/// Why linking into a destination failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkFailure {
    #[error("the destination exists and is not a directory")]
    NotADirectory,
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` exists and is not a directory", path.display())]
    ClashWithFile { path: PathBuf },
    #[error("`{}` exists as a directory", path.display())]
    ClashWithDirectory { path: PathBuf },
    #[error("`{}` already exists (--reinstall replaces it)", path.display())]
    Exists { path: PathBuf },
    #[error("copying `{}`: {source}", from.display())]
    Copy {
        from: PathBuf,
        source: std::io::Error,
    },
    #[error("{mode} of `{}` failed after earlier files worked: {source}", from.display())]
    Later {
        mode: &'static str,
        from: PathBuf,
        source: std::io::Error,
    },
}

/// Why a path is not a store entry that can be used.
#[derive(Debug, thiserror::Error)]
pub enum EntryRefused {
    #[error("the store `{}`: {source}", store.display())]
    Store {
        store: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Unresolvable(std::io::Error),
    #[error("not an entry of the store `{}`", store.display())]
    OutsideStore { store: PathBuf },
    #[error("changed while it was being pushed")]
    ChangedWhilePushed,
    #[error(
        "is a link or a file where a pull would place an entry through it: \
         nothing is placed through a link"
    )]
    LinkInTheWay,
    #[error("an archive that links to other archives is not pushed")]
    ArchiveOfArchives,
}
