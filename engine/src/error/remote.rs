//! Why a remote could not be opened or used; [`crate::Error::Remote`] adds its name.

use crate::text::safe_url;

/// Why a remote operation failed. Texts from the object store and codec libraries are kept
/// as `detail`; URLs are shown with their credentials masked ([`safe_url`]).
#[derive(Debug, thiserror::Error)]
pub enum RemoteFailure {
    #[error(
        "no such remote: name one set as `[remote.NAME]` in uvcache.toml or \
         ~/.config/uvcache/config.toml, or give a URL (s3://, webdav+http://, file://)"
    )]
    Unknown,
    #[error("`{}` is not a URL", safe_url(url))]
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
    /// The object store library could not open the remote.
    #[error("{}", safe_url(detail))]
    Open { detail: String },
    #[error("cannot start the I/O runtime: {0}")]
    Runtime(std::io::Error),
    #[error("no remote at {}: the folder {} does not exist", safe_url(url), folder.display())]
    NoFolder {
        url: String,
        folder: std::path::PathBuf,
    },
    #[error(
        "no remote at {}: nothing was ever pushed there (no {marker})",
        safe_url(url)
    )]
    NeverPushed { url: String, marker: String },
    /// An object store call (`listing`, `reading`, `writing`, `deleting`) failed on `object`.
    #[error("{action} `{object}`: {}", safe_url(detail))]
    Store {
        action: &'static str,
        object: String,
        detail: String,
    },
    /// A worker thread failed while reading or writing a file.
    #[error("{action} `{path}`: {}", safe_url(detail))]
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
    #[error("cannot make a key: {}", safe_url(detail))]
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

/// Why a manifest read from a remote may not make uvcache write anything.
#[derive(Debug, thiserror::Error)]
pub enum ManifestInvalid {
    #[error("format {found} (this uvcache reads {reads})")]
    Format { found: u32, reads: u32 },
    #[error("unsafe path `{0}`")]
    UnsafePath(String),
    #[error("`{0}` is not an archive")]
    NotAnArchive(String),
    #[error("`{0}` is listed but no link of the entry names it")]
    UnusedArchive(String),
    #[error("link to `{0}`: not an archive of it")]
    ForeignLink(String),
    #[error("`{0}` has no valid sha256")]
    NoHash(String),
    #[error("the files' sizes overflow")]
    SizeOverflow,
    #[error("sizes add up to {sum}, not {said}")]
    SizeMismatch { sum: u64, said: u64 },
    #[error("`{0}` is not in a bucket")]
    NotInBucket(String),
    #[error("`{entry}` does not match bucket {bucket}")]
    WrongBucket { entry: String, bucket: String },
    #[error("`{entry}` is not an entry of kind `{kind}` from source `{from}`")]
    WrongKind {
        entry: String,
        kind: String,
        from: String,
    },
    #[error("`{0}` is not in a layout uvcache knows")]
    UnknownLayout(String),
    #[error("`{entry}` is not one entry: {kind} entries sit {depth} levels below their bucket")]
    NotOneEntry {
        entry: String,
        kind: String,
        depth: usize,
    },
    #[error("`{0}` names a pointer file, not an entry")]
    PointerFile(String),
    #[error("`{0}` has no files of its own")]
    NoFiles(String),
    #[error("`{0}` is outside the entry and its archives")]
    Outside(String),
    #[error("a path is listed twice")]
    Twice,
    #[error("`{path}` runs through `{outer}`")]
    Through { path: String, outer: String },
}

/// Why an object read from a remote is refused; nothing of it is written.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("not a manifest: {}", safe_url(detail))]
    NotAManifest { detail: String },
    #[error(
        "format {found} (this uvcache reads {reads}): pushed by an older uvcache, whose \
         manifests a writer could change; push again"
    )]
    OlderFormat { found: u32, reads: u32 },
    #[error("format {found} (this uvcache reads {reads}): pushed by a newer uvcache")]
    NewerFormat { found: u32, reads: u32 },
    #[error(transparent)]
    Manifest(#[from] ManifestInvalid),
    #[error("its content hashes to {0}")]
    Misnamed(String),
    #[error("its bytes do not decode to the file: {0}")]
    Undecodable(std::io::Error),
    #[error("{written} bytes, the manifest says {said}")]
    WrongSize { written: u64, said: u64 },
    #[error("its bytes hash to {0}")]
    WrongHash(String),
}

/// Why a public key's text (`NAME:BASE64`) is not a key. Quotes the name only, and is read only
/// from text that is not shaped like a secret key (a secret key file's reasons are
/// [`SecretKeyInvalid`], which quote nothing).
#[derive(Debug, thiserror::Error)]
pub enum KeyTextInvalid {
    #[error("not of the form NAME:BASE64")]
    Shape,
    #[error(transparent)]
    Name(#[from] KeyNameInvalid),
    #[error("the key is not base64: {0}")]
    Base64(String),
    #[error("a public key has 32 bytes, this one {0}")]
    PublicLength(usize),
}

/// Why a signing key file cannot be used. Quotes nothing of the file: all of it may be secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretKeyInvalid {
    #[error(
        "its permissions are {mode:o}: others can read it; `chmod 600 {}` (or make a new key)",
        path.display()
    )]
    Readable { mode: u32, path: std::path::PathBuf },
    #[error("not of the form NAME:BASE64")]
    Shape,
    #[error("its name is not letters, digits, `-`, `_` or `.`")]
    Name,
    #[error("the key is not base64")]
    NotBase64,
    #[error("a secret key has 64 bytes (seed and public key), this one {0}")]
    Length(usize),
    #[error("not an ed25519 key pair")]
    NotAPair,
}

/// The reasons of a key's text, each without the part of the text it would quote.
impl From<KeyTextInvalid> for SecretKeyInvalid {
    fn from(reason: KeyTextInvalid) -> Self {
        match reason {
            KeyTextInvalid::Shape => SecretKeyInvalid::Shape,
            KeyTextInvalid::Name(_) => SecretKeyInvalid::Name,
            KeyTextInvalid::Base64(_) => SecretKeyInvalid::NotBase64,
            KeyTextInvalid::PublicLength(n) => SecretKeyInvalid::Length(n),
        }
    }
}
