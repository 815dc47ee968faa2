//! uvcache's engine: uv's cache system as a library.
//!
//! The modules follow the concepts of the cache, one each: where the cache is
//! ([`config`], [`cache_dir`]), what its layout means ([`layout`]), one parallel walk that
//! reads it ([`walk`]) into one [`inventory`], and the views over that inventory ([`size`]).
//! The freshness side works in uvcache's own [`store`]: HTTP by caching headers ([`fetch`]),
//! git by resolved commit ([`git`]), local projects by uv's cache key ([`key`]), and
//! materializing entries with uv's link modes ([`link`]).
//! Nothing here knows about Nushell; front ends hand in an [`Environment`].

pub mod cache_dir;
pub mod config;
pub mod environment;
pub mod error;
pub mod fetch;
pub mod git;

pub use cache_dir::CacheRoot;
pub use environment::Environment;
pub use error::{Error, Result};
pub mod inventory;
pub mod key;
pub mod layout;
pub mod link;
pub mod walk;

pub use inventory::{Entry, EntryKind, Inventory, Status};
pub mod lock;
pub mod plan;
pub mod policy;
mod pool;
pub mod removal;
pub mod size;
pub mod store;
