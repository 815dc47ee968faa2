//! `uvcache config`: every value every layer sets, the active one marked.

use uvcache::config::{ConfigValue, Origin};

use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

pub const ABOUT: &str =
    "Show the configuration uvcache reads, with the layer and file of every value.";
pub const LONG_ABOUT: &str = "Layers, lowest first: default, system, user, project (uv's files), \
    config-file (UV_CONFIG_FILE), uvcache-user (~/.config/uvcache/config.toml), uvcache-project \
    (uvcache.toml or [tool.uvcache]), plugin-config ($env.config.plugins.uvcache), environment, \
    flag. Rows with active = false are shadowed by a higher layer. `uv-version` (the uv release \
    every command works for) may also be detected: the uv on PATH, or the cache's newest \
    buckets. Remotes (`[remote.NAME]` in uvcache's files) are listed key by key \
    (`remote.NAME.url`, ...), each from the file that decided it.";

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
    let row = |key: String, value: String, origin: &Origin, active: bool| -> Value {
        record! {
            "key" => Value::text(key),
            "value" => Value::text(value),
            "layer" => Value::text(origin.layer.name()),
            "file" => Value::opt_text(origin.file.as_ref().map(|f| f.to_string_lossy())),
            "detail" => Value::opt_text(origin.detail.clone()),
            "active" => Value::Bool(active),
        }
        .into()
    };
    let mut rows: Vec<Value> = values
        .into_iter()
        .map(|v| row(v.key.to_string(), v.value, &v.origin, v.active))
        .collect();
    let remotes = uvcache::remote::config::configured(&context.config)
        .map_err(|e| CommandError::engine(e, Blame::Call))?;
    for (name, spec) in remotes {
        for (key, origin) in &spec.origins {
            let value = match *key {
                "url" => spec.url.clone(),
                "endpoint" => spec.endpoint.clone().unwrap_or_default(),
                "region" => spec.region.clone().unwrap_or_default(),
                "trusted-keys" => spec.trusted_keys.join(", "),
                "accept-refs" => spec.accept_refs.join(", "),
                "compression" => spec
                    .compression
                    .map(|c| c.name().to_string())
                    .unwrap_or_default(),
                "trust-unsigned" => spec
                    .trust_unsigned
                    .map(|b| b.to_string())
                    .unwrap_or_default(),
                _ => spec.allow_http.map(|b| b.to_string()).unwrap_or_default(),
            };
            rows.push(row(format!("remote.{name}.{key}"), value, origin, true));
        }
    }
    Ok(Value::List(rows))
}
