//! `uvcache config`: every value every layer sets, the active one marked.

use uvcache::config::ConfigValue;

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
    let mut values = context.config.values();
    // A target no layer set was detected (or is the default): one more value, active.
    if let Some(target) = &context.target
        && context.config.uv_version().is_none()
    {
        values.push(ConfigValue {
            key: "uv-version",
            value: target.version.to_string(),
            origin: target.origin.clone(),
            active: true,
        });
    }
    let rows = values
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
    Ok(Value::List(rows))
}
