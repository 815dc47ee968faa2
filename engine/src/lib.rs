//! uvcache's engine: uv's cache system as a library.
//!
//! The modules are the architecture, one folder per part:
//!
//! - [`config`]: where things are and why: the caller's environment, layered configuration
//!   with the origin of every value, the platform's default folders, and the cache root.
//! - [`cache`]: uv's cache as it lies on disk: the layout (buckets and their versions, as
//!   data), uv's lock, one parallel walk, the inventory of entries built from it, and sizes.
//! - [`removal`]: taking things out of a cache: plans (`clean`, `clean PKG`, `prune`,
//!   `prune --ci`) that are values, and the remover that carries them out as uv counts it.
//! - [`policy`]: declarative prune policies: the language, PEP 440 versions, evaluation into
//!   a removal plan, and the configuration layers that assemble the effective policy.
//! - [`store`]: uvcache's own store, built like a uv cache, and what lives in it: HTTP fetches
//!   by caching headers, git by resolved commit, and linking entries into place.
//! - [`envs`]: Python environments (tools, projects, venvs, uv's cached ones), found without
//!   running Python, and which cache entries each one uses.
//! - [`platform`]: the machine and the interpreters wheels are judged for: OS, architecture,
//!   libc, Python implementation, version and ABI, and the wheel tags (PEP 425) they accept.
//! - [`remote`]: sharing entries through an object store (S3, WebDAV, a folder): push, pull,
//!   listing and pruning a remote, content-addressed and safe under concurrent runners.
//! - [`progress`]: what long walks and removals report to the front end that draws them.
//! - [`key`]: uv's cache key of a local project (when uv rebuilds it).
//!
//! Dependencies point one way: `config` ← `cache` ← `removal` ← `policy`, and `store` uses
//! `config` and `cache`, as does `envs`. Nothing here knows about Nushell; front ends hand in an
//! [`Environment`].

pub mod cache;
pub mod config;
pub mod envs;
pub mod error;
#[cfg(feature = "git")]
pub mod key;
pub mod os;
pub mod platform;
pub mod policy;
mod pool;
pub mod progress;
pub mod remote;
pub mod removal;
pub mod scan;
pub mod store;
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub mod testing;
pub mod text;

pub use cache::{Entry, EntryKind, Inventory, Status};
pub use config::cache_dir::CacheRoot;
pub use config::environment::Environment;
pub use error::{Error, Result};
