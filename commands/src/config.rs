//! `uvcache config`: every value every layer sets, the active one marked.

use crate::context::{Context, Invocation};
use crate::error::Result;
use crate::{Value, record};

pub const ABOUT: &str =
    "Show the configuration uvcache reads, with the layer and file of every value.";
pub const LONG_ABOUT: &str = "Layers, lowest first: default, system, user, project (uv's files), \
    config-file (UV_CONFIG_FILE), uvcache-user (~/.config/uvcache/config.toml), uvcache-project \
    (uvcache.toml or [tool.uvcache]), plugin-config ($env.config.plugins.uvcache), environment, \
    flag. Rows with active = false are shadowed by a higher layer. `uv-version` (the uv release \
    every command works for) may also be detected: the uv on PATH, or the cache's newest \
    buckets.";

/// One row per value.
pub fn run(invocation: &Invocation) -> Result<Value> {
    let context = Context::load(invocation)?;
    let mut rows: Vec<Value> = context
        .config
        .values()
        .into_iter()
        .map(|v| {
            record! {
                "key" => Value::text(v.key),
                "value" => Value::text(v.value),
                "layer" => Value::text(v.origin.layer.name()),
                "file" => Value::opt_text(v.origin.file.as_ref().map(|f| f.to_string_lossy())),
                "detail" => Value::opt_text(v.origin.detail),
                "active" => Value::Bool(v.active),
            }
            .into()
        })
        .collect();
    // A target no layer set was detected (or is the default): one more row, active.
    if let Some(target) = &context.target
        && context.config.uv_version().is_none()
    {
        rows.push(
            record! {
                "key" => Value::text("uv-version"),
                "value" => Value::text(target.version.to_string()),
                "layer" => Value::text(target.origin.layer.name()),
                "file" => Value::opt_text(target.origin.file.as_ref().map(|f| f.to_string_lossy())),
                "detail" => Value::opt_text(target.origin.detail.clone()),
                "active" => Value::Bool(true),
            }
            .into(),
        );
    }
    Ok(Value::List(rows))
}
