//! uv's cache as it lies on disk.
//!
//! [`layout`] says what the directories mean (buckets and their versions are data, keyed by
//! the uv release they belong to); [`walk`] reads the tree once, in parallel, never following
//! a symlink, attributing every file to the entry its path belongs to; [`inventory`] turns
//! those sums into [`Entry`] values; [`size`] is a view over the inventory; [`lock`] is uv's
//! root lock, which every writer takes.

pub mod atomic;
mod classify;
pub mod entry;
pub mod index;
pub mod inventory;
pub mod layout;
pub mod links;
pub mod lock;
pub mod names;
pub mod size;
pub mod sums;
pub mod target;
pub mod walk;

pub use entry::{Entry, EntryKind, Evidence, LastUseSource, Source, Status, Use};
pub use inventory::{Inventory, Options};
pub use target::Target;
