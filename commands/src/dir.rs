//! `uvcache dir`: where the cache is and which layer decided it.

use uvcache::cache::layout::CacheSignature;

use crate::context::{Context, Invocation};
use crate::error::Result;
use crate::{Value, record};

pub const ABOUT: &str = "Show the cache directory uv would use, and which setting decided it.";
pub const LONG_ABOUT: &str = "Resolved as uv does: --no-cache (a temporary directory), \
    --cache-dir, UV_CACHE_DIR, cache-dir in uv.toml / [tool.uv] (project, user, system or \
    UV_CONFIG_FILE), then $XDG_CACHE_HOME/uv or ~/.cache/uv (%LOCALAPPDATA%\\uv\\cache on \
    Windows). `layer` and `file` say which setting won. With --store: uvcache's own store \
    (--store-dir, UVCACHE_STORE_DIR, store-dir in uvcache.toml, $XDG_CACHE_HOME/uvcache). \
    `uv_version` is the uv release every command works for, `uv_version_layer` and \
    `uv_version_from` what decided it (--uv-version, UVCACHE_UV_VERSION, uv-version in \
    uvcache's config, the uv on PATH, the cache's newest buckets, else the newest release \
    uvcache knows).";

/// The record.
pub fn run(invocation: &Invocation) -> Result<Value> {
    let context = Context::load(invocation)?;
    let path = context.root.path();
    let origin = context.root.origin();
    Ok(record! {
        "path" => Value::text(path.to_string_lossy()),
        "layer" => Value::text(origin.layer.name()),
        "file" => Value::opt_text(origin.file.as_ref().map(|f| f.to_string_lossy())),
        "detail" => Value::opt_text(origin.detail.clone()),
        "exists" => Value::Bool(path.is_dir()),
        "is_uv_cache" => Value::Bool(path.is_dir() && CacheSignature::read(path).is_uv_cache()),
        "temporary" => Value::Bool(context.root.is_temporary()),
        "store" => Value::Bool(invocation.store),
        "indexed_at" => Value::opt_date(
            context
                .index
                .as_deref()
                .and_then(|dir| uvcache::cache::index::indexed_at(dir, path)),
        ),
        "uv_version" => Value::opt_text(context.target.as_ref().map(|t| t.version.to_string())),
        "uv_version_layer" => Value::opt_text(context.target.as_ref().map(|t| t.origin.layer.name())),
        "uv_version_from" => Value::opt_text(
            context
                .target
                .as_ref()
                .map(|t| t.origin.source().unwrap_or_default())
        ),
    }
    .into())
}
