//! `uvcache policy` and `uvcache policy check`.

use std::path::Path;

use uvcache::policy::{Base, effective, parse};

use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::removal::{PolicyArgs, policy_error};
use crate::{Value, record};

pub const ABOUT: &str =
    "Show the effective prune policy: every value and rule, with the layer and file it came from.";
pub const LONG_ABOUT: &str = "Layers, lowest first: the built-in `default` policy, \
    ~/.config/uvcache/config.toml [policy], the nearest uvcache.toml [policy] (or pyproject.toml \
    [tool.uvcache.policy]), UVCACHE_POLICY / UVCACHE_MAX_SIZE / UVCACHE_OLDER_THAN / \
    UVCACHE_KEEP_LATEST, then flags. `use` and the shorthands (max-size, older-than, keep-latest) \
    are taken from the highest layer; rules of every layer apply, higher layers' first, then the \
    used policy's own.";
pub const CHECK_ABOUT: &str = "Validate a policy file; errors name the line and the key.";

/// The built-in policies' names.
pub const BUILTIN_NAMES: [&str; 5] = ["default", "ci", "laptop", "keep-expensive", "unused"];

/// One row per value of the effective policy.
pub fn show(invocation: &Invocation, args: &PolicyArgs) -> Result<Value> {
    let context = Context::load(invocation)?;
    let effective = effective(&context.config, args).map_err(|e| policy_error(e, args))?;
    let rows = effective
        .settings
        .into_iter()
        .map(|s| {
            record! {
                "key" => Value::text(s.key),
                "value" => Value::text(s.value),
                "layer" => Value::text(s.origin.layer.name()),
                "file" => Value::opt_text(s.origin.file.as_ref().map(|f| f.to_string_lossy())),
                "line" => s.line.map_or(Value::Nothing, Value::count),
                "detail" => Value::opt_text(s.origin.detail),
            }
            .into()
        })
        .collect();
    Ok(Value::List(rows))
}

/// Parses and validates `file` (relative to the caller's directory).
pub fn check(invocation: &Invocation, file: &Path) -> Result<Value> {
    let path = invocation.env.cwd().join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CommandError::usage(
            format!("Cannot read {}", path.display()),
            e.to_string(),
            Blame::Arg(0),
        )
    })?;
    let name = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let policy = parse(&text, &name, &path.display().to_string(), "file")
        .map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    let base = match policy.base {
        Base::None => "none",
        Base::Prune => "prune",
        Base::PruneCi => "prune-ci",
    };
    Ok(record! {
        "file" => Value::text(path.to_string_lossy()),
        "name" => Value::text(policy.name),
        "base" => Value::text(base),
        "rules" => Value::texts(policy.rules.iter().map(|r| r.describe())),
        "valid" => Value::Bool(true),
    }
    .into())
}
