//! uvcache's command layer: one function per command, shared by the Nushell plugin and the CLI.
//!
//! Each command takes an [`Invocation`] (the caller's environment and flags, as the front end
//! read them) plus its own arguments, and returns a [`Value`] (or a stream of them, for `ls`).
//! Errors say what to blame ([`Blame`]), so the plugin points a span at a flag and the CLI names
//! it. Front ends only parse arguments and render values; no command logic lives in them.

pub mod clean;
pub mod config;
pub mod context;
pub mod dir;
pub mod doctor;
pub mod envs;
pub mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
#[cfg(feature = "git")]
pub mod git;
pub mod history;
#[cfg(feature = "git")]
pub mod key;
pub mod link;
pub mod ls;
pub mod policy;
pub mod prune;
#[cfg(feature = "remote")]
pub mod pythons;
#[cfg(feature = "remote")]
pub mod remote;
pub mod removal;
pub mod size;
mod value;

pub use context::{Context, Invocation, Warnings};
pub use error::{Blame, CommandError, ExitKind, Result};
use uvcache::cache::layout::Bucket;
pub use value::{Record, Value};

/// Package names for completion: the names of the current buckets' per-package directories,
/// read from directory listings only (fast on any cache size).
pub fn package_names(invocation: &Invocation) -> Vec<String> {
    let Ok(context) = Context::load(invocation) else {
        return Vec::new();
    };
    let root = context.root.path();
    let mut names = std::collections::BTreeSet::new();
    let buckets = context.buckets;
    for bucket in [Bucket::Wheels, Bucket::Sdists, Bucket::Simple] {
        let dir = root.join(buckets.dir_name(bucket)).join("pypi");
        let Ok(read) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let name = name.strip_suffix(".rkyv").unwrap_or(&name).to_string();
            if !name.starts_with('.') {
                names.insert(name);
            }
        }
    }
    names.into_iter().collect()
}

#[cfg(test)]
mod tests;
