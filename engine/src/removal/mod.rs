//! Taking things out of a cache: plans that are values, and their execution.
//!
//! [`mod@plan`] decides what `clean`, `clean PKG...`, `prune` and `prune --ci` remove, in uv's
//! order and with uv's quirks; [`package`] answers "does this shard hold package X" as uv
//! does; [`run`] takes the inventory and applies the plan under uv's exclusive lock; the
//! [`remover`] deletes without following symlinks and counts what it frees as uv counts it;
//! [`park`] is where trees wait between leaving uv's view and being deleted.

mod collect;
pub mod counted;
mod delete;
pub mod package;
pub mod park;
pub mod plan;
pub mod remover;
pub mod run;

pub use crate::cache::layout::TRASH_PREFIX;
pub use counted::Removal;
pub use park::Trash;
pub use plan::{Operation, Plan, PlanItem, Reason, apply, plan};
pub use remover::Remover;
pub use run::{Outcome, RunOptions, execute, execute_with};
