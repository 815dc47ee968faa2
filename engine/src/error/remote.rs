//! Why a remote could not be opened or used; [`crate::Error::Remote`] adds its name.

/// Why a remote operation failed. Texts from the object store and codec libraries are kept
/// as `detail`; none holds a credential (the library redacts its own).
#[derive(Debug, thiserror::Error)]
pub enum RemoteFailure {
    #[error(
        "no such remote: name one set as `[remote.NAME]` in uvcache.toml or \
         ~/.config/uvcache/config.toml, or give a URL (s3://, webdav+http://, file://)"
    )]
    Unknown,
    #[error("`{url}` is not a URL")]
    NotAUrl { url: String },
    #[error(
        "unsupported scheme `{scheme}://` (use s3://, webdav+http://, webdav+https:// or file://)"
    )]
    Scheme { scheme: String },
    #[error("an s3:// URL needs a bucket: s3://BUCKET/PREFIX")]
    NoBucket,
    #[error("a file:// URL needs an absolute path")]
    RelativeFolder,
    #[error("UVCACHE_WEBDAV_USERNAME or _PASSWORD is not valid in a header")]
    Credentials,
    #[error("{detail}")]
    Client { detail: String },
    #[error("cannot start the I/O runtime: {0}")]
    Runtime(std::io::Error),
    #[error("no remote at {url}: the folder {} does not exist", folder.display())]
    NoFolder {
        url: String,
        folder: std::path::PathBuf,
    },
    #[error("no remote at {url}: nothing was ever pushed there (no {marker})")]
    NeverPushed { url: String, marker: String },
    /// An object store call (`listing`, `reading`, `writing`, `deleting`) failed on `object`.
    #[error("{action} `{object}`: {detail}")]
    Store {
        action: &'static str,
        object: String,
        detail: String,
    },
    /// A worker thread failed while reading or writing a file.
    #[error("{action} `{path}`: {detail}")]
    Worker {
        action: &'static str,
        path: String,
        detail: String,
    },
    #[error("{0}")]
    Encode(serde_json::Error),
    #[error("compressing a manifest: {0}")]
    Compress(std::io::Error),
    #[error(
        "no trusted key: a pull places only entries signed by a key you trust. \
         Set `trusted-keys = [\"NAME:BASE64\"]` for the remote (or \
         UVCACHE_TRUSTED_KEYS, or --trusted-key), with the public key \
         `uvcache remote keygen` printed; or pull unsigned entries with \
         --trust-unsigned (`trust-unsigned = true`), trusting everyone who can \
         write to the remote"
    )]
    NoTrustedKey,
    #[error("the system's random source failed")]
    Random,
    #[error("cannot make a key: {detail}")]
    MakeKey { detail: String },
    #[error(transparent)]
    KeyName(#[from] KeyNameInvalid),
}

/// A key name that is not letters, digits, `-`, `_` or `.` (it is part of object names).
#[derive(Debug, thiserror::Error)]
#[error("the key name `{name}` must be letters, digits, `-`, `_` or `.`")]
pub struct KeyNameInvalid {
    pub name: String,
}
