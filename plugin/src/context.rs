//! What every command shares: the `--cache-dir`/`--no-cache` flags, the plugin config record,
//! the caller's environment, and the mapping of command errors to labeled Nushell errors.

use std::path::PathBuf;

use std::sync::Arc;

use nu_plugin::{EngineInterface, EvaluatedCall};
use nu_protocol::{LabeledError, ShellError, Signature, Spanned, SyntaxShape, Value};
use uvcache::Environment;
use uvcache::config::{Flags, FrontendSettings};
use uvcache_commands::context::{Network, help};
use uvcache_commands::{Blame, CommandError, Invocation};

/// Adds the flags every command takes.
pub trait CacheFlags {
    /// `--cache-dir` and `--no-cache`.
    fn cache_flags(self) -> Self;

    /// `--environments`: for the commands that read environments (`ls`, `envs`, `prune`,
    /// `doctor`).
    fn environment_flag(self) -> Self;

    /// `--refresh`, `--refresh-package` and `--offline`: for the commands that fetch (`fetch`,
    /// `git`), as uv names them.
    fn network_flags(self) -> Self;
}

impl CacheFlags for Signature {
    fn cache_flags(self) -> Self {
        self.named(
            "cache-dir",
            SyntaxShape::Directory,
            help::CACHE_DIR,
            Some('d'),
        )
        .switch("no-cache", help::NO_CACHE, None)
        .named("store-dir", SyntaxShape::Directory, help::STORE_DIR, None)
        .switch("store", help::STORE, None)
        .named("uv-version", SyntaxShape::String, help::UV_VERSION, None)
        .switch("exact", help::EXACT, None)
    }

    fn network_flags(self) -> Self {
        self.switch("refresh", help::REFRESH, None)
            .named(
                "refresh-package",
                SyntaxShape::List(Box::new(SyntaxShape::String)),
                help::REFRESH_PACKAGE,
                None,
            )
            .switch("offline", help::OFFLINE, None)
    }

    fn environment_flag(self) -> Self {
        self.named(
            "environments",
            SyntaxShape::List(Box::new(SyntaxShape::String)),
            help::ENVIRONMENTS,
            None,
        )
    }
}

/// The plugin config record `$env.config.plugins.uvcache`.
#[derive(Default)]
struct PluginSettings {
    frontend: FrontendSettings,
    threads: Option<usize>,
}

const PLUGIN_KEYS: [&str; 6] = [
    "cache_dir",
    "environments",
    "no_cache",
    "store_dir",
    "threads",
    "uv_version",
];

/// A path in the plugin config as Nushell reads paths: `~` expanded, a relative path taken
/// against the directory the user is in (the same rule for every path key).
fn config_path(text: &str, home: Option<&str>, cwd: &std::path::Path) -> PathBuf {
    let expanded = PathBuf::from(crate::env::expand_tilde(text, home));
    if expanded.is_absolute() {
        expanded
    } else {
        cwd.join(expanded)
    }
}

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
    let cwd = PathBuf::from(engine.get_current_dir()?);
    let home = engine
        .get_env_var("HOME")?
        .and_then(|h| h.coerce_str().ok().map(|h| h.into_owned()));
    let path = |value: &Value| {
        value
            .as_str()
            .ok()
            .map(|t| config_path(t, home.as_deref(), &cwd))
    };
    for (key, value) in record.iter() {
        let bad = |expected: &str| {
            LabeledError::new(format!(
                "Invalid value for `{key}` in $env.config.plugins.uvcache"
            ))
            .with_label(format!("expected {expected}"), value.span())
        };
        match key.as_str() {
            "cache_dir" => {
                settings.frontend.cache_dir =
                    Some(path(value).ok_or_else(|| bad("a path (a string)"))?)
            }
            "store_dir" => {
                settings.frontend.store_dir =
                    Some(path(value).ok_or_else(|| bad("a path (a string)"))?)
            }
            "uv_version" => {
                let text = value
                    .as_str()
                    .map_err(|_| bad("a version such as \"0.13.9\" (a string)"))?;
                uvcache::cache::target::check_version(text).map_err(|e| bad(&e.to_string()))?;
                settings.frontend.uv_version = Some(text.to_string())
            }
            "environments" => {
                let bad = || bad("a list of paths or globs");
                let bad_item = |v: &Value| {
                    LabeledError::new(format!(
                        "Invalid value for `{key}` in $env.config.plugins.uvcache"
                    ))
                    .with_label("expected a path or glob (a string)", v.span())
                };
                let item = |v: &Value| {
                    path(v)
                        .map(|p| p.to_string_lossy().into_owned())
                        .ok_or_else(|| bad_item(v))
                };
                let items = match value {
                    Value::String { .. } => vec![item(value)?],
                    Value::List { vals, .. } => vals.iter().map(item).collect::<Result<_, _>>()?,
                    _ => return Err(bad()),
                };
                settings.frontend.environments = Some(items);
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

/// The caller's environment, read through the engine (never the plugin's own), each value as
/// Nushell passes it to an external command ([`crate::env`]).
fn environment(engine: &EngineInterface) -> Result<Environment, LabeledError> {
    let mut env = Environment::new(engine.get_current_dir()?)
        .with_folders(uvcache::config::environment::KnownFolders::system());
    for (key, value) in crate::env::caller_vars(engine)? {
        env.set_var(key, value);
    }
    Ok(env)
}

/// `--refresh`, `--refresh-package` and `--offline` ([`CacheFlags::network_flags`]) as the
/// command layer takes them.
pub fn network_args(call: &EvaluatedCall) -> Result<Network, ShellError> {
    Ok(Network {
        refresh: call.has_flag("refresh")?,
        refresh_package: call.get_flag("refresh-package")?.unwrap_or_default(),
        offline: call.has_flag("offline")?,
    })
}

/// The invocation the command layer runs: the caller's environment, the flags, the plugin
/// config, and ctrl-c through the engine's signals.
pub fn invocation(
    engine: &EngineInterface,
    call: &EvaluatedCall,
) -> Result<Invocation, LabeledError> {
    let cache_dir: Option<Spanned<PathBuf>> = call.get_flag("cache-dir")?;
    let store_dir: Option<Spanned<PathBuf>> = call.get_flag("store-dir")?;
    let uv_version: Option<Spanned<String>> = call.get_flag("uv-version")?;
    let environments: Option<Vec<String>> = call.get_flag("environments")?;
    let flags = Flags {
        cache_dir: cache_dir.map(|d| d.item),
        no_cache: call.has_flag("no-cache")?,
        store_dir: store_dir.map(|d| d.item),
        uv_version: uv_version.map(|v| v.item),
        environments: environments.unwrap_or_default(),
    };
    let mut invocation = invocation_with(engine, flags)?;
    invocation.store = call.has_flag("store")?;
    invocation.exact = call.has_flag("exact")?;
    Ok(invocation)
}

/// The invocation with these flags (completion has no evaluated call to read them from).
pub fn invocation_with(engine: &EngineInterface, flags: Flags) -> Result<Invocation, LabeledError> {
    let settings = plugin_settings(engine)?;
    let signals = engine.signals().clone();
    Ok(Invocation {
        env: environment(engine)?,
        flags,
        frontend: settings.frontend,
        threads: settings.threads,
        interrupted: Arc::new(move || signals.interrupted()),
        store: false,
        progress: uvcache::progress::silent(),
        warnings: Default::default(),
        exact: false,
    })
}

/// A command-layer error as a labeled Nushell error pointing at what it blames.
pub fn command_error(error: CommandError, call: &EvaluatedCall) -> LabeledError {
    let span = match &error.blame {
        Blame::Call => call.head,
        Blame::Flag(name) => call.get_flag_span(name).unwrap_or(call.head),
        Blame::Arg(i) => call.positional.get(*i).map_or(call.head, |v| v.span()),
    };
    let labeled = LabeledError::new(error.title).with_label(error.label, span);
    // What a command did before it failed: Nushell returns an error or a value, not both, so
    // its counts go with the error (the CLI prints the whole record).
    let done = error.partial.as_deref().and_then(counts);
    match (error.help, done) {
        (Some(help), Some(done)) => {
            labeled.with_help(format!("{help}\ndone before it failed: {done}"))
        }
        (Some(help), None) => labeled.with_help(help),
        (None, Some(done)) => labeled.with_help(format!("done before it failed: {done}")),
        (None, None) => labeled,
    }
}

/// The counts of a command's partial result (`pulled: 2, present: 0, failed: 1`).
fn counts(value: &uvcache_commands::Value) -> Option<String> {
    let record = value.as_record()?;
    let counts: Vec<String> = record
        .iter()
        .filter_map(|(key, value)| match value {
            uvcache_commands::Value::Int(n) => Some(format!("{key}: {n}")),
            _ => None,
        })
        .collect();
    (!counts.is_empty()).then(|| counts.join(", "))
}

/// Runs a command-layer function and converts its value, or its error.
pub fn output(
    call: &EvaluatedCall,
    result: uvcache_commands::Result<uvcache_commands::Value>,
) -> Result<Value, LabeledError> {
    result
        .map(|v| crate::values::to_nu(v, call.head))
        .map_err(|e| command_error(e, call))
}
