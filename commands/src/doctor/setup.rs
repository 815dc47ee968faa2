//! Where the cache is and why, uvcache's settings, and the uv release the answers are for.

use uvcache::config::Layer;

use super::{Check, Status, check};
use crate::context::{Context, Invocation};

/// The target release, what decided it, and whether uvcache knows it.
pub(super) fn uv_release(target: &uvcache::cache::Target) -> Check {
    let from = format!(
        "{} ({})",
        target.origin.source().unwrap_or_default(),
        target.origin.layer.name()
    );
    if target.unknown_newer() {
        return check(
            "uv_version",
            Status::Warn,
            format!(
                "uv {} from {from} is newer than every release uvcache knows; uv {}'s rules apply",
                target.version, target.release.buckets.uv_version
            ),
        )
        .advice("buckets of unknown newer versions are never deleted; update uvcache for this uv");
    }
    check(
        "uv_version",
        Status::Ok,
        format!("working for uv {} from {from}", target.version),
    )
}

/// When the release was asked of the uv on `PATH`: whether that is uv itself or a shim in
/// front of it, which binary it resolves to, what asking costs, and how to pin the release.
pub(super) fn uv_on_path(context: &Context) -> Option<Check> {
    use uvcache::cache::target::{Route, detect};
    let target = context.target.as_ref()?;
    if target.origin.layer != uvcache::config::Layer::Detected || target.origin.file.is_none() {
        return None;
    }
    let env = context.config.environment();
    let detected = detect::uv_on_path(env)?;
    let cost = detect::cost_through_path(&detected, env).map_or_else(
        || "no answer".to_string(),
        |d| format!("{} ms", d.as_millis()),
    );
    let pin = "pin the release with `uv-version = \"X.Y.Z\"` in uvcache.toml or \
               UVCACHE_UV_VERSION, and nothing is asked";
    let found = detected.found.display();
    Some(match detected.route {
        Route::Binary => check(
            "uv_on_path",
            Status::Ok,
            format!("{found} is uv's binary; asked once per binary (its inode and times), {cost} each time"),
        ),
        Route::Pyenv => check(
            "uv_on_path",
            Status::Info,
            format!(
                "{found} is pyenv's shim; here it runs {}, which uvcache asks directly (through the shim: {cost})",
                detected.runs.display()
            ),
        )
        .advice(pin),
        Route::Script => check(
            "uv_on_path",
            Status::Warn,
            format!(
                "{found} is a script in front of uv (a version manager's shim?); uvcache asks it on every command: {cost}"
            ),
        )
        .advice(pin),
    })
}

pub(super) fn cache_dir(context: &Context) -> Check {
    let origin = context.root.origin();
    let from = origin
        .file
        .as_ref()
        .map(|f| format!("{} ({})", origin.layer.name(), f.display()))
        .or_else(|| {
            origin
                .detail
                .as_ref()
                .map(|d| format!("{} ({d})", origin.layer.name()))
        })
        .unwrap_or_else(|| origin.layer.name().to_string());
    check(
        "cache-dir",
        Status::Ok,
        format!("{} from {from}", context.root.path().display()),
    )
}

/// macOS: the cache folder uv used before 0.3.0 (`~/Library/Caches/uv`), when it exists: uv
/// takes it as its default while it does, and when another folder is in use it is left over.
pub(super) fn legacy_cache(invocation: &Invocation, context: &Context) -> Option<Check> {
    let legacy = uvcache::config::dirs::legacy_cache_dir(&invocation.env)?;
    let root = context.root.path();
    if legacy == root {
        return Some(
            check(
                "legacy-cache",
                Status::Info,
                format!(
                    "{} is the folder older uv releases used; uv keeps it as its default while it exists",
                    legacy.display()
                ),
            )
            .advice("`uv cache clean` removes it; uv then uses ~/.cache/uv"),
        );
    }
    Some(
        check(
            "legacy-cache",
            Status::Warn,
            format!(
                "{} exists (the folder older uv releases used) beside the cache in use",
                legacy.display()
            ),
        )
        .advice(format!(
            "plain uv without UV_CACHE_DIR uses it; `uv cache clean --cache-dir {}` removes it",
            legacy.display()
        )),
    )
}

/// Layers only uvcache reads: a cache directory decided there is not the one plain uv uses.
pub(super) fn uvcache_only(layer: Layer) -> bool {
    matches!(
        layer,
        Layer::UvcacheUser | Layer::UvcacheProject | Layer::Frontend | Layer::Flag
    )
}

pub(super) fn settings(invocation: &Invocation, context: &Context) -> Vec<Check> {
    let values: Vec<_> = context
        .config
        .values()
        .into_iter()
        .filter(|v| v.key == "cache-dir")
        .collect();
    let mut checks = Vec::new();
    let active = values.iter().find(|v| v.active);
    if let Some(active) = active.filter(|a| uvcache_only(a.origin.layer)) {
        // What plain uv would use: resolve again without uvcache's own layers.
        let uv_view = uvcache::config::Config::load(
            &invocation.env,
            &Default::default(),
            &Default::default(),
        )
        .ok()
        .and_then(|config| uvcache::config::cache_dir::resolve(&config).ok());
        if let Some(uv_root) = uv_view.filter(|r| r.path() != context.root.path()) {
            checks.push(
                check(
                    "uv-agrees",
                    Status::Warn,
                    format!(
                        "cache-dir comes from {} ({}), which uv does not read: plain uv uses {}",
                        active.origin.layer.name(),
                        active.value,
                        uv_root.path().display()
                    ),
                )
                .advice("set UV_CACHE_DIR (or cache-dir in uv.toml) so uv and uvcache see the same cache"),
            );
        }
    }
    let shadowed: Vec<String> = values
        .iter()
        .filter(|v| !v.active && v.origin.layer != Layer::Default)
        .map(|v| format!("{} = {}", v.origin.layer.name(), v.value))
        .collect();
    if !shadowed.is_empty() {
        checks.push(
            check(
                "settings",
                Status::Info,
                format!(
                    "cache-dir also set, and overridden, by: {}",
                    shadowed.join("; ")
                ),
            )
            .advice("`uvcache config` lists every layer"),
        );
    } else if checks.is_empty() {
        checks.push(check(
            "settings",
            Status::Ok,
            "cache-dir set by one layer only",
        ));
    }
    checks
}
