//! `uvcache doctor`: checks that explain why uv might be slow, wasteful or confused.
//!
//! - `setup`: where the cache is and why, uvcache's settings, the uv release;
//! - `contents`: the cache itself (markers, lock, index, buckets, links, budget, environments);
//! - `surroundings`: the file systems and link modes between the cache and the environment.

mod contents;
mod setup;
mod surroundings;

use contents::{buckets, budget, dangling, environments, external_links, index, lock, markers};
use setup::{cache_dir, legacy_cache, settings, uv_on_path, uv_release};
use surroundings::{filesystem, link_modes};

use crate::context::{Context, Invocation};
use crate::error::Result;
use crate::{Value, record};

pub const ABOUT: &str = "Check the cache and its surroundings: markers, lock, buckets, links, \
    file systems, link modes, size budget and settings.";
pub const LONG_ABOUT: &str = "Returns one row per check with a status (ok, info, warn, error) and \
    advice. It reads the cache and never changes it; to test link modes it links one of the \
    cache's marker files into a temporary directory beside the virtual environment and removes \
    it. The CLI exits with 1 when a check has status `error`.";

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Info,
    Warn,
    Error,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Info => "info",
            Status::Warn => "warn",
            Status::Error => "error",
        }
    }
}

struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    advice: Option<String>,
}

fn check(name: &'static str, status: Status, detail: impl Into<String>) -> Check {
    Check {
        name,
        status,
        detail: detail.into(),
        advice: None,
    }
}

impl Check {
    fn advice(mut self, advice: impl Into<String>) -> Check {
        self.advice = Some(advice.into());
        self
    }
}

/// The table of checks.
pub fn run(invocation: &Invocation) -> Result<Value> {
    let context = Context::load(invocation)?;
    let root = context.root.path();
    let mut checks = vec![cache_dir(&context)];
    checks.extend(legacy_cache(invocation, &context));
    checks.extend(settings(invocation, &context));
    checks.extend(context.target.as_ref().map(uv_release));
    checks.extend(uv_on_path(&context));
    // Nothing to check inside a cache that is not there, or not a folder.
    let absent = if !root.exists() {
        Some((
            Status::Info,
            "does not exist yet",
            "uv creates it on first use",
        ))
    } else if !root.is_dir() {
        let advice = "point UV_CACHE_DIR or --cache-dir at a directory";
        Some((Status::Error, "is not a directory", advice))
    } else {
        None
    };
    if let Some((status, what, advice)) = absent {
        let detail = format!("{} {what}", root.display());
        checks.push(check("exists", status, detail).advice(advice));
        return Ok(table(checks));
    }
    checks.push(markers(root));
    checks.push(lock(root));
    // Nothing is written: the inventory is the comparison's walk, or a walk of its own.
    let (index_check, walked) = index(&context)?;
    checks.extend(index_check);
    let mut inventory = match walked {
        Some(inventory) => Some(inventory),
        None => context.walked()?,
    };
    if let Some(inventory) = &mut inventory {
        checks.push(buckets(inventory, context.buckets));
        checks.push(dangling(inventory));
        checks.extend(external_links(inventory));
        checks.push(budget(&context, inventory.total_disk));
        checks.extend(environments(&context, inventory));
    }
    let target = uvcache::envs::active_venv(&invocation.env);
    checks.push(filesystem(root, target.as_deref()));
    checks.push(link_modes(
        root,
        target.as_deref().unwrap_or(invocation.env.cwd()),
    ));
    Ok(table(checks))
}

/// Whether a row of `doctor`'s table is an error (for exit codes).
pub fn has_error(value: &Value) -> bool {
    matches!(value, Value::List(rows) if rows.iter().any(|row| {
        row.as_record().and_then(|r| r.get("status")) == Some(&Value::text(Status::Error.name()))
    }))
}

fn table(checks: Vec<Check>) -> Value {
    Value::List(
        checks
            .into_iter()
            .map(|c| {
                record! {
                    "check" => Value::text(c.name),
                    "status" => Value::text(c.status.name()),
                    "detail" => Value::text(c.detail),
                    "advice" => Value::opt_text(c.advice),
                }
                .into()
            })
            .collect(),
    )
}
