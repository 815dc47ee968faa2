//! What every command shares: the `--cache-dir`/`--no-cache` flags, the plugin config record,
//! the caller's environment, and the mapping of engine errors to labeled Nushell errors.

use std::path::PathBuf;

use nu_plugin::{EngineInterface, EvaluatedCall};
use nu_protocol::{LabeledError, Signature, Span, Spanned, SyntaxShape, Value};
use uvcache::config::{Config, Flags, FrontendSettings};
use uvcache::{CacheRoot, Environment, Error};

/// Adds the flags every command takes.
pub trait CacheFlags {
    /// `--cache-dir` and `--no-cache`.
    fn cache_flags(self) -> Self;
}

impl CacheFlags for Signature {
    fn cache_flags(self) -> Self {
        self.named(
            "cache-dir",
            SyntaxShape::Directory,
            "Path to the cache directory (as uv's --cache-dir).",
            Some('d'),
        )
        .switch(
            "no-cache",
            "Use a temporary cache directory, removed afterwards (as uv's --no-cache).",
            None,
        )
    }
}

/// A command's view of the cache: the configuration and the resolved root.
pub struct Context {
    pub config: Config,
    pub root: CacheRoot,
    /// Span to blame for problems with the cache directory: the flag if given, else the call.
    pub root_span: Span,
    /// Worker threads for walks (plugin config `threads`).
    pub threads: Option<usize>,
}

/// The plugin config record `$env.config.plugins.uvcache`.
#[derive(Default)]
struct PluginSettings {
    frontend: FrontendSettings,
    threads: Option<usize>,
}

const PLUGIN_KEYS: [&str; 3] = ["cache_dir", "no_cache", "threads"];

fn plugin_settings(engine: &EngineInterface) -> Result<PluginSettings, LabeledError> {
    let Some(value) = engine.get_plugin_config()? else {
        return Ok(PluginSettings::default());
    };
    let span = value.span();
    let record = value.as_record().map_err(|_| {
        LabeledError::new("Invalid uvcache plugin config")
            .with_label("expected a record", span)
            .with_help(
                "set $env.config.plugins.uvcache = { cache_dir: ..., no_cache: ..., threads: ... }",
            )
    })?;
    let mut settings = PluginSettings::default();
    for (key, value) in record.iter() {
        let bad = |expected: &str| {
            LabeledError::new(format!(
                "Invalid value for `{key}` in $env.config.plugins.uvcache"
            ))
            .with_label(format!("expected {expected}"), value.span())
        };
        match key.as_str() {
            "cache_dir" => {
                settings.frontend.cache_dir = Some(PathBuf::from(
                    value.coerce_str().map_err(|_| bad("a path"))?.as_ref(),
                ))
            }
            "no_cache" => {
                settings.frontend.no_cache = Some(value.as_bool().map_err(|_| bad("a bool"))?)
            }
            "threads" => {
                let n = value.as_int().map_err(|_| bad("a positive int"))?;
                settings.threads = Some(
                    usize::try_from(n)
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| bad("a positive int"))?,
                );
            }
            other => {
                return Err(LabeledError::new(format!(
                    "Unknown key `{other}` in $env.config.plugins.uvcache"
                ))
                .with_label("unknown key", value.span())
                .with_help(format!("known keys: {}", PLUGIN_KEYS.join(", "))));
            }
        }
    }
    Ok(settings)
}

/// The caller's environment, read through the engine (never the plugin's own).
pub fn environment(engine: &EngineInterface) -> Result<Environment, LabeledError> {
    let mut env = Environment::new(engine.get_current_dir()?);
    for (key, value) in engine.get_env_vars()? {
        if let Value::String { val, .. } = value {
            env.set_var(key, val);
        }
    }
    Ok(env)
}

impl Context {
    /// Reads flags, plugin config and environment, and resolves the cache root.
    pub fn load(engine: &EngineInterface, call: &EvaluatedCall) -> Result<Context, LabeledError> {
        let cache_dir: Option<Spanned<PathBuf>> = call.get_flag("cache-dir")?;
        let no_cache = call.has_flag("no-cache")?;
        let root_span = cache_dir.as_ref().map_or(call.head, |d| d.span);
        let flags = Flags {
            cache_dir: cache_dir.map(|d| d.item),
            no_cache,
        };
        let settings = plugin_settings(engine)?;
        let env = environment(engine)?;
        let config = Config::load(&env, &flags, &settings.frontend)
            .map_err(|e| engine_error(e, call.head))?;
        let root = uvcache::cache_dir::resolve(&config).map_err(|e| engine_error(e, root_span))?;
        Ok(Context {
            config,
            root,
            root_span,
            threads: settings.threads,
        })
    }
}

/// An engine error as a labeled Nushell error pointing at `span`.
pub fn engine_error(error: Error, span: Span) -> LabeledError {
    let (msg, label, help) = match &error {
        Error::ConfigRead { path, .. } | Error::ConfigSyntax { path, .. } => (
            "Invalid configuration file".to_string(),
            error.to_string(),
            Some(format!("fix or remove `{}`", path.display())),
        ),
        Error::ConfigValue { file, .. } => (
            "Invalid configuration value".to_string(),
            error.to_string(),
            file.as_ref()
                .map(|f| format!("fix the value in `{}`", f.display())),
        ),
        Error::EnvValue { key, .. } => (
            "Invalid environment variable".to_string(),
            error.to_string(),
            Some(format!("fix or unset ${key}")),
        ),
        Error::NotADirectory(_) => (
            "Not a cache directory".to_string(),
            error.to_string(),
            Some("pass a directory with --cache-dir".into()),
        ),
        Error::MissingCache(_) => ("No cache found".to_string(), error.to_string(), None),
        Error::LockTimeout { .. } => ("Cache is in use".to_string(), error.to_string(), None),
        Error::NotACache(_) => (
            "Not a uv cache".to_string(),
            error.to_string(),
            Some(
                "check the directory; pass --allow-non-cache if you really mean to delete in it"
                    .into(),
            ),
        ),
        Error::OutsideRoot(_) => ("Refused".to_string(), error.to_string(), None),
        Error::Policy { file, line, .. } => (
            "Invalid policy".to_string(),
            error.to_string(),
            Some(format!(
                "fix line {line} of `{file}`, or check it with `uvcache policy check`"
            )),
        ),
        Error::Interrupted => (
            "Interrupted".to_string(),
            "interrupted by ctrl-c".to_string(),
            None,
        ),
        _ => ("uvcache failed".to_string(), error.to_string(), None),
    };
    let labeled = LabeledError::new(msg).with_label(label, span);
    match help {
        Some(help) => labeled.with_help(help),
        None => labeled,
    }
}
