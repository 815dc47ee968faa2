//! Dynamic completion of package names (nu-plugin's experimental API, kept in one place).
//!
//! Bucket, kind, status and policy names are static lists on the flags; package names come from
//! the cache the caller's environment and plugin config point at (a `--cache-dir` typed on the
//! same line is not evaluated yet, so it is not used).

use nu_plugin::EngineInterface;
use nu_protocol::DynamicSuggestion;
use uvcache::config::Flags;

/// Package names in the cache, as suggestions; `None` (default completion) if the cache cannot
/// be read.
pub fn packages(engine: &EngineInterface) -> Option<Vec<DynamicSuggestion>> {
    let invocation = crate::context::invocation_with(engine, Flags::default()).ok()?;
    let names = uvcache_commands::package_names(&invocation);
    Some(
        names
            .into_iter()
            .map(|value| DynamicSuggestion {
                value,
                description: Some("cached package".into()),
                ..DynamicSuggestion::default()
            })
            .collect(),
    )
}
