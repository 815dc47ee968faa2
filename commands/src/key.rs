//! `uvcache key DIR`: the cache key uv computes for a local project, and whether it changed.

use std::path::Path;

use uvcache::key::{self, Component};

use crate::context::Invocation;
use crate::error::{Blame, CommandError, Result};
use crate::{Record, Value, record};

pub const ABOUT: &str =
    "Show the cache key uv computes for a local project, and (--compare) whether uv would rebuild.";
pub const LONG_ABOUT: &str = "The parts of uv's key: `timestamp` (the newest change time of the \
    files the `file` keys match; ctime on Unix, so touch counts), git `commit` / `tags`, `env:NAME` \
    values and `dir:PATH` creation times, from [tool.uv] cache-keys in pyproject.toml or uv's \
    defaults (pyproject.toml, setup.py, setup.cfg, dir src). Save the record (`uvcache key . | \
    save key.json`, or --format json in a shell) and pass it to --compare later: `changed` names \
    the parts that differ and `rebuild` says whether uv would rebuild the package \
    (reinstall-package and --reinstall always do).";

/// The key as a record; with `compare` (a saved record, or its `components` list), the verdict.
pub fn run(
    invocation: &Invocation,
    dir: Option<&str>,
    compare: Option<&serde_json::Value>,
    reinstall: bool,
) -> Result<Value> {
    let dir = dir.unwrap_or(".");
    let project = key::compute(&invocation.env, Path::new(dir)).map_err(|e| {
        CommandError::engine(
            e,
            if dir == "." {
                Blame::Call
            } else {
                Blame::Arg(0)
            },
        )
    })?;
    let saved = compare.map(saved_components).transpose()?;
    let components = project
        .components
        .iter()
        .map(|c| {
            record! {
                "name" => Value::text(&c.name),
                "value" => Value::opt_text(c.value.clone()),
                "files" => Value::texts(c.files.clone()),
            }
            .into()
        })
        .collect();
    let mut out: Record = record! {
        "path" => Value::text(project.path.to_string_lossy()),
        "project" => Value::opt_text(project.project.clone()),
        "keys" => Value::text(if project.configured { "tool.uv.cache-keys" } else { "default" }),
        "components" => Value::List(components),
        "timestamp" => Value::opt_date(project.timestamp),
        "digest" => Value::text(&project.digest),
        "always_rebuild" => Value::Bool(project.always_rebuild || reinstall),
    };
    if let Some(saved) = saved {
        let comparison = project.compare(&saved);
        out.push("changed", Value::texts(comparison.changed));
        out.push("rebuild", Value::Bool(comparison.rebuild || reinstall));
    }
    Ok(out.into())
}

/// The components of a saved record (the whole record, or just its `components`).
fn saved_components(value: &serde_json::Value) -> Result<Vec<Component>> {
    let list = value.get("components").unwrap_or(value);
    serde_json::from_value(list.clone()).map_err(|e| {
        CommandError::usage(
            "Invalid --compare record",
            format!("expected a saved `uvcache key` record with `components`: {e}"),
            Blame::Flag("compare"),
        )
    })
}
