//! Remotes: cache entries shared through an object store that already exists (S3-compatible,
//! WebDAV, a local folder), pushed from one cache and pulled into another so that uv uses them
//! unchanged.
//!
//! A remote holds two kinds of objects under its prefix, both written once and never changed:
//!
//! - `uvcache-remote-v1/objects/<sha256>`: one file's bytes, named by their hash. Two runners
//!   pushing the same file write the same bytes to the same name, so a repeated PUT is harmless
//!   on stores that ignore conditional writes (Garage 2.5 does).
//! - `uvcache-remote-v1/manifests/<id>.json`: one entry ([`Manifest`]), named by the hash of its
//!   content without who pushed it and when. Identical content lands on the same name (the last
//!   push's `pushed_by`/`pushed_at` wins); different content never overwrites.
//!
//! Beside them, write-once too: `signatures/` ([`trust`]), `fingerprints/` (states already
//! pushed) and `uses/` (the days each entry was pulled, [`uses`]).
//!
//! A push uploads an entry's objects before its manifest, so an interrupted push leaves only
//! unreferenced objects, which nothing lists and [`prune`](prune::prune) collects after a grace
//! period. There is no shared index to rewrite: listing the manifests is the index.

// `config` reads `[remote.NAME]` for every build (`uvcache config` lists it); the rest moves
// objects and comes with the `remote` feature.
#[cfg(feature = "remote")]
pub mod catalog;
#[cfg(feature = "remote")]
pub mod codec;
pub mod config;
#[cfg(feature = "remote")]
mod describe;
#[cfg(feature = "remote")]
mod download;
#[cfg(feature = "remote")]
pub mod fit;
#[cfg(feature = "remote")]
pub mod keys;
#[cfg(feature = "remote")]
pub mod manifest;
#[cfg(feature = "remote")]
mod place;
#[cfg(feature = "remote")]
pub mod prune;
#[cfg(feature = "remote")]
pub mod pull;
#[cfg(feature = "remote")]
pub mod push;
#[cfg(feature = "remote")]
pub mod pushed;
#[cfg(feature = "remote")]
mod store;
#[cfg(feature = "remote")]
pub mod trust;
#[cfg(feature = "remote")]
mod upload;
#[cfg(feature = "remote")]
pub mod uses;

pub use config::{RemoteSpec, resolve};
#[cfg(feature = "remote")]
pub use manifest::{FileRecord, Manifest};
#[cfg(feature = "remote")]
pub use store::Remote;

/// Where everything uvcache writes lies below the remote's prefix.
pub const ROOT: &str = "uvcache-remote-v1";

/// This machine's platform as manifests record it (`linux-x86_64`).
pub fn platform() -> String {
    crate::platform::Host::detect().platform()
}

/// Bytes moved and not moved by a transfer, for reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Objects sent or received.
    pub objects: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Objects already where they were going.
    pub skipped_objects: u64,
    /// Their bytes.
    pub skipped_bytes: u64,
}

#[cfg(all(test, feature = "remote"))]
mod tests;
