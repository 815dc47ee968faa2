//! Why a fetch into the store failed; [`crate::Error::Fetch`] adds the URL.

use std::path::PathBuf;

use crate::text::safe_url;

/// Why fetching a URL failed. A library's text is kept as `detail` (a network failure's with
/// its sources on one line), shown with the credentials of the URLs in it masked.
#[derive(Debug, thiserror::Error)]
pub enum FetchFailure {
    #[error("invalid URL: {}", safe_url(detail))]
    InvalidUrl { detail: String },
    #[error("unsupported scheme (http, https, file or a local path)")]
    UnsupportedScheme,
    #[error("a file:// URL needs an absolute path")]
    RelativeFile,
    #[error("--unpack needs a wheel (.whl), and `{file}` is not one")]
    NotAWheel { file: String },
    #[error("`{}` is not a file", path.display())]
    NotAFile { path: PathBuf },
    #[error("cannot build the HTTP client: {}", safe_url(detail))]
    Client { detail: String },
    #[error("not in the store, and --offline forbids the network")]
    Offline,
    #[error("invalid request: {}", safe_url(detail))]
    InvalidRequest { detail: String },
    #[error(
        "the server answered 304 Not Modified to a request without validators \
         (nothing stored to revalidate); nothing was stored"
    )]
    UnaskedNotModified,
    #[error("the server answered {status}; nothing was stored")]
    Status { status: String },
    #[error("the body has {bytes} bytes but Content-Length said {expected}; nothing was stored")]
    ShortBody { bytes: u64, expected: u64 },
    #[error("{kind}: {}; nothing was stored", safe_url(detail))]
    Network { kind: NetworkKind, detail: String },
    #[error("internal: a revalidation without a stored entry")]
    NothingToRevalidate,
    #[error("{0}")]
    Pointer(serde_json::Error),
    #[error(transparent)]
    Unpack(#[from] UnpackFailure),
}

/// How a request failed on the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkKind {
    Timeout,
    Connect,
    Body,
    Request,
}

impl std::fmt::Display for NetworkKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NetworkKind::Timeout => "timed out",
            NetworkKind::Connect => "cannot connect",
            NetworkKind::Body => "the body was cut short",
            NetworkKind::Request => "request failed",
        })
    }
}

/// Why a wheel could not be unpacked into an archive.
#[derive(Debug, thiserror::Error)]
pub enum UnpackFailure {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("not a valid wheel (zip): {}", safe_url(detail))]
    NotAZip { detail: String },
    #[error("the wheel member `{member}` would be written outside the archive")]
    Outside { member: String },
    #[error("unpacking `{}`: {source}", path.display())]
    Writing {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl UnpackFailure {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> UnpackFailure + '_ {
        move |source| UnpackFailure::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
