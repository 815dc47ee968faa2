//! Layered configuration, with the origin of every value.
//!
//! The layers, lowest precedence first: built-in defaults, uv's system, user and project files
//! (or the one `UV_CONFIG_FILE`), uvcache's own user and project files, the front end's own
//! settings (Nushell's `$env.config.plugins.uvcache`), environment variables, and command-line
//! flags. They are merged with `figment`; each layer is a provider whose metadata names the
//! layer and the file, so [`Config::origin`] can tell which layer decided a value.
//!
//! uvcache's files come above uv's user file but below uv's project file would be surprising,
//! so all of uvcache's own layers sit above all of uv's: a setting made for uvcache wins for
//! uvcache. `uv` itself never reads them.

pub mod cache_dir;
pub mod dirs;
pub mod environment;
mod files;
mod keys;
pub mod secret;

use std::path::{Path, PathBuf};

use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::Deserialize;

pub use dirs::user_config_dir;
pub use files::ConfigFile;
pub use secret::{secret_where_file, secret_where_public};

use crate::config::environment::Environment;
use crate::error::{Error, Result};
use keys::path_value;

/// A configuration layer, lowest precedence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Built-in defaults (the platform cache directory).
    Default,
    /// Found by looking, below every file: the release of the `uv` on the caller's `PATH`, or
    /// the newest release whose buckets the cache holds (`uv-version` only).
    Detected,
    /// uv's system file (`/etc/xdg/uv/uv.toml`, `/etc/uv/uv.toml`).
    System,
    /// uv's user file (`~/.config/uv/uv.toml`).
    User,
    /// uv's project file (`uv.toml` or `pyproject.toml [tool.uv]`, nearest walking up).
    Project,
    /// The single file named by `UV_CONFIG_FILE`.
    ConfigFile,
    /// uvcache's user file (`~/.config/uvcache/config.toml`).
    UvcacheUser,
    /// uvcache's project file (`uvcache.toml` or `pyproject.toml [tool.uvcache]`).
    UvcacheProject,
    /// The front end's own settings (the Nushell plugin config record).
    Frontend,
    /// Environment variables (`UV_CACHE_DIR`, `UV_NO_CACHE`).
    Environment,
    /// Command-line flags (`--cache-dir`, `--no-cache`).
    Flag,
}

impl Layer {
    /// Stable lowercase name, used as figment metadata and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Default => "default",
            Layer::Detected => "detected",
            Layer::System => "system",
            Layer::User => "user",
            Layer::Project => "project",
            Layer::ConfigFile => "config-file",
            Layer::UvcacheUser => "uvcache-user",
            Layer::UvcacheProject => "uvcache-project",
            Layer::Frontend => "plugin-config",
            Layer::Environment => "environment",
            Layer::Flag => "flag",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Layer> {
        ALL_LAYERS.iter().copied().find(|l| l.name() == name)
    }
}

const ALL_LAYERS: [Layer; 11] = [
    Layer::Default,
    Layer::Detected,
    Layer::System,
    Layer::User,
    Layer::Project,
    Layer::ConfigFile,
    Layer::UvcacheUser,
    Layer::UvcacheProject,
    Layer::Frontend,
    Layer::Environment,
    Layer::Flag,
];

/// Where a value came from: its layer, and the file or variable that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The layer that set the value.
    pub layer: Layer,
    /// The file, when the layer is a file.
    pub file: Option<PathBuf>,
    /// The variable, flag or rule, when the layer is not a file (e.g. `UV_CACHE_DIR`).
    pub detail: Option<String>,
}

impl Origin {
    /// The file that set the value, else the variable, flag or rule.
    pub fn source(&self) -> Option<String> {
        self.file
            .as_ref()
            .map(|f| f.display().to_string())
            .or_else(|| self.detail.clone())
    }

    /// [`Origin::source`], else the layer's name (`default`): where a value came from, as
    /// errors and reports say it.
    pub fn source_or_layer(&self) -> String {
        self.source()
            .unwrap_or_else(|| self.layer.name().to_string())
    }
}

/// Settings given on the command line (or as Nushell flags).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--cache-dir`.
    pub cache_dir: Option<PathBuf>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--store-dir`: uvcache's own store.
    pub store_dir: Option<PathBuf>,
    /// `--uv-version`: the uv release to work for.
    pub uv_version: Option<String>,
    /// `--environments GLOB` (repeatable): more places to look for Python environments.
    pub environments: Vec<String>,
}

/// Settings from the front end's own configuration (Nushell plugin config).
#[derive(Debug, Clone, Default)]
pub struct FrontendSettings {
    /// `cache_dir` in the plugin config.
    pub cache_dir: Option<PathBuf>,
    /// `no_cache` in the plugin config.
    pub no_cache: Option<bool>,
    /// `store_dir` in the plugin config.
    pub store_dir: Option<PathBuf>,
    /// `uv_version` in the plugin config.
    pub uv_version: Option<String>,
    /// `environments` in the plugin config.
    pub environments: Option<Vec<String>>,
}

/// One place to look for Python environments, as a layer wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentPattern {
    /// The path or glob as written (`~/code/*/.venv`).
    pub pattern: String,
    /// What a relative pattern is relative to: the file's folder for files, else the
    /// working directory.
    pub base: PathBuf,
    /// Where it was written.
    pub origin: Origin,
}

/// The typed result of merging every layer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Settings {
    cache_dir: Option<PathBuf>,
    store_dir: Option<PathBuf>,
    uv_version: Option<String>,
    signing_key_file: Option<PathBuf>,
    /// Extracted so that a wrong type (`no-cache = "yes"`) is an error naming the file; the
    /// effective value is computed by [`Config::no_cache`], which follows uv's OR rule.
    #[serde(default)]
    #[allow(dead_code)]
    no_cache: bool,
}

/// One layer's settings as a figment provider whose metadata names the layer and its source.
#[derive(Debug)]
pub(crate) struct LayerProvider {
    pub(crate) origin: Origin,
    pub(crate) values: Dict,
}

impl Provider for LayerProvider {
    fn metadata(&self) -> Metadata {
        let mut meta = Metadata::named(self.origin.layer.name());
        if let Some(file) = &self.origin.file {
            meta = meta.source(figment::Source::File(file.clone()));
        } else if let Some(detail) = &self.origin.detail {
            meta = meta.source(figment::Source::Custom(detail.clone()));
        }
        meta
    }

    fn data(&self) -> figment::Result<Map<Profile, Dict>> {
        Ok(Profile::Default.collect(self.values.clone()))
    }
}

/// One value set by one layer, for reports: shadowed values are listed too.
#[derive(Debug, Clone)]
pub struct ConfigValue {
    /// The setting (`cache-dir`).
    pub key: &'static str,
    /// The value as the layer gave it, rendered as text.
    pub value: String,
    /// Where it came from.
    pub origin: Origin,
    /// Whether this is the value in effect (the highest layer that sets the key).
    pub active: bool,
}

/// The merged configuration and the layers it came from.
#[derive(Debug)]
pub struct Config {
    figment: Figment,
    layers: Vec<LayerProvider>,
    settings: Settings,
    env: Environment,
    /// uvcache's own files, lowest precedence first, each read once (they also hold `[policy]`
    /// and `[remote.NAME]`).
    uvcache_files: Vec<ConfigFile>,
}

impl Config {
    /// Reads every layer for the caller's environment and merges them.
    pub fn load(env: &Environment, flags: &Flags, frontend: &FrontendSettings) -> Result<Config> {
        let mut layers = default_layers(env);
        let uvcache_files = files::uvcache_files(env)?;
        for file in files::uv_files(env)?.iter().chain(&uvcache_files) {
            let strict = matches!(file.layer, Layer::UvcacheUser | Layer::UvcacheProject);
            let values = select_keys(file, strict)?;
            layers.push(LayerProvider {
                origin: Origin {
                    layer: file.layer,
                    file: Some(file.path.clone()),
                    detail: None,
                },
                values,
            });
        }
        let frontend_values = keys::TABLE
            .iter()
            .filter_map(|k| Some((k.name.to_string(), k.frontend?(frontend)?)))
            .collect();
        layers.push(LayerProvider {
            origin: Origin {
                layer: Layer::Frontend,
                file: None,
                detail: Some("$env.config.plugins.uvcache".into()),
            },
            values: frontend_values,
        });
        // Variables and flags: each one its own provider, so that reports name it.
        for key in &keys::TABLE {
            if let Some(variable) = key.variable
                && let Some(raw) = env.var(variable)
            {
                let value = key.parse_variable(variable, raw)?;
                layers.push(single(Layer::Environment, variable, key.name, value));
            }
        }
        for key in &keys::TABLE {
            if let Some((flag, value_of)) = key.flag
                && let Some(value) = value_of(flags)
            {
                layers.push(single(Layer::Flag, flag, key.name, value));
            }
        }
        let mut figment = Figment::new();
        for layer in &layers {
            figment = figment.merge(LayerProvider {
                origin: layer.origin.clone(),
                values: layer.values.clone(),
            });
        }
        let settings: Settings = figment.extract().map_err(config_error)?;
        Ok(Config {
            figment,
            layers,
            settings,
            env: env.clone(),
            uvcache_files,
        })
    }

    /// The configured cache directory, absolute, if any layer (including defaults) set one.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.settings
            .cache_dir
            .as_deref()
            .map(|p| self.env.absolutize(p))
    }

    /// uvcache's own store directory, absolute, if any layer (including defaults) set one.
    pub fn store_dir(&self) -> Option<PathBuf> {
        self.settings
            .store_dir
            .as_deref()
            .map(|p| self.env.absolutize(p))
    }

    /// The file holding the key `push` signs with (`UVCACHE_SIGNING_KEY_FILE`, or
    /// `signing-key-file` in uvcache's files), made absolute.
    pub fn signing_key_file(&self) -> Option<PathBuf> {
        self.settings
            .signing_key_file
            .as_deref()
            .map(|p| self.env.absolutize(p))
    }

    /// Every public key any layer trusts (they add up), with the layer that named it.
    pub fn trusted_keys(&self) -> Vec<(String, Origin)> {
        let mut out = Vec::new();
        for layer in &self.layers {
            if let Some(Value::Array(_, items)) = layer.values.get("trusted-keys") {
                out.extend(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(|k| (k.to_string(), layer.origin.clone())),
                );
            }
        }
        out
    }

    /// The uv release set by a flag, a variable or uvcache's configuration, as written.
    pub fn uv_version(&self) -> Option<&str> {
        self.settings.uv_version.as_deref()
    }

    /// Every place to look for Python environments that any layer names, lowest layer first
    /// (they add up; see `keys::TABLE`).
    pub fn environment_patterns(&self) -> Vec<EnvironmentPattern> {
        let mut out = Vec::new();
        for layer in &self.layers {
            let Some(Value::Array(_, items)) = layer.values.get("environments") else {
                continue;
            };
            let base = match &layer.origin.file {
                Some(file) => file
                    .parent()
                    .map_or_else(|| self.env.cwd().to_path_buf(), Path::to_path_buf),
                None => self.env.cwd().to_path_buf(),
            };
            for item in items {
                if let Some(pattern) = item.as_str() {
                    out.push(EnvironmentPattern {
                        pattern: pattern.to_string(),
                        base: base.clone(),
                        origin: layer.origin.clone(),
                    });
                }
            }
        }
        out
    }

    /// Whether `no-cache` is in effect. uv ORs the command line (flag or `UV_NO_CACHE`) with
    /// the value the files settle on, so `UV_NO_CACHE=0` does not undo `no-cache = true` in a
    /// file, while a project file's `false` does undo a user file's `true`.
    pub fn no_cache(&self) -> bool {
        let set = |l: &LayerProvider| l.values.get("no-cache").and_then(Value::to_bool);
        let command_line = self
            .layers
            .iter()
            .filter(|l| l.origin.layer >= Layer::Environment)
            .any(|l| set(l) == Some(true));
        let files = self
            .layers
            .iter()
            .rev()
            .filter(|l| l.origin.layer < Layer::Environment)
            .find_map(set);
        command_line || files.unwrap_or(false)
    }

    /// Which layer decided `key`.
    pub fn origin(&self, key: &str) -> Option<Origin> {
        let meta = self.figment.find_metadata(key)?;
        let layer = Layer::from_name(&meta.name)?;
        Some(
            self.layers
                .iter()
                .rev()
                .find(|l| l.origin.layer == layer && l.values.contains_key(key))?
                .origin
                .clone(),
        )
    }

    /// Every value every layer sets, highest precedence first per key, the active one marked.
    pub fn values(&self) -> Vec<ConfigValue> {
        let mut out = Vec::new();
        for key in keys::TABLE.iter().map(|k| k.name) {
            let mut first = true;
            for layer in self.layers.iter().rev() {
                if let Some(value) = layer.values.get(key) {
                    out.push(ConfigValue {
                        key,
                        value: render(value),
                        origin: layer.origin.clone(),
                        active: first || keys::adds_up(key),
                    });
                    first = false;
                }
            }
        }
        out
    }

    /// uvcache's own configuration files, lowest precedence first.
    pub fn uvcache_files(&self) -> &[ConfigFile] {
        &self.uvcache_files
    }

    /// The caller's environment this configuration was read for.
    pub fn environment(&self) -> &Environment {
        &self.env
    }
}

/// The built-in defaults: the platform's cache directory and uvcache's store, each with the
/// rule that chose it.
fn default_layers(env: &Environment) -> Vec<LayerProvider> {
    let (default_dir, rule) = dirs::default_cache_dir(env);
    let mut defaults = Dict::new();
    if let Some(dir) = default_dir {
        defaults.insert("cache-dir".into(), path_value(&dir));
    }
    let mut layers = vec![LayerProvider {
        origin: Origin {
            layer: Layer::Default,
            file: None,
            detail: Some(rule.into()),
        },
        values: defaults,
    }];
    let (default_store, store_rule) = dirs::default_store_dir(env);
    if let Some(dir) = default_store {
        layers.push(single(
            Layer::Default,
            store_rule,
            "store-dir",
            path_value(&dir),
        ));
    }
    layers
}

fn single(layer: Layer, detail: &str, key: &str, value: Value) -> LayerProvider {
    let mut values = Dict::new();
    values.insert(key.into(), value);
    LayerProvider {
        origin: Origin {
            layer,
            file: None,
            detail: Some(detail.into()),
        },
        values,
    }
}

fn render(value: &Value) -> String {
    match value {
        Value::String(_, s) => s.clone(),
        Value::Bool(_, b) => b.to_string(),
        Value::Array(_, items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| format!("{:?}", render(i)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => format!("{other:?}"),
    }
}

/// Keeps the keys uvcache reads from a file's table; in uvcache's own files an unknown key is
/// an error (uv's files hold settings of uv's that are none of uvcache's business).
fn select_keys(file: &ConfigFile, strict: bool) -> Result<Dict> {
    let mut values = Dict::new();
    for (key, value) in &file.table {
        let known = keys::key(key);
        if let Some(known) = known.filter(|k| strict || !k.own) {
            // A list key is read layer by layer, not through the merged value: check each.
            let is_list = |v: &Value| matches!(v, Value::Array(_, items) if items.iter().all(|i| i.as_str().is_some()));
            if key == "signing-key-file" && value.as_str().is_some_and(secret::secret_shaped) {
                return Err(secret_where_file(&file.path.display().to_string()));
            }
            if key == "trusted-keys"
                && let Value::Array(_, items) = value
                && items
                    .iter()
                    .filter_map(Value::as_str)
                    .any(secret::secret_shaped)
            {
                return Err(secret_where_public(key, &file.path.display().to_string()));
            }
            if known.adds_up && !is_list(value) {
                return Err(Error::ConfigValue {
                    key: Some(key.clone()),
                    file: Some(file.path.clone()),
                    message: format!(
                        "`{key}` in `{}` must be a list of strings (paths or globs)",
                        file.path.display()
                    ),
                });
            }
            values.insert(key.clone(), value.clone());
        } else if key == "signing-key" || key == "secret-key" {
            // A secret in a file is refused wherever it is, naming the file, never the value.
            return Err(Error::ConfigValue {
                key: Some(key.clone()),
                file: Some(file.path.clone()),
                message: format!(
                    "`{key}` in `{}`: a signing key is never read from a configuration file; \
                     keep it in a file of its own (mode 0600, `uvcache remote keygen` makes one) \
                     and name that file with `signing-key-file` or UVCACHE_SIGNING_KEY_FILE",
                    file.path.display()
                ),
            });
        } else if strict && (key == "policy" || key == "remote") {
            // `[policy]` is read, with positions, by `crate::policy`; `[remote.NAME]` by
            // `crate::remote::config`.
        } else if strict {
            return Err(Error::ConfigValue {
                key: Some(key.clone()),
                file: Some(file.path.clone()),
                message: format!(
                    "unknown key `{key}` in `{}` (known: {})",
                    file.path.display(),
                    keys::TABLE.map(|k| k.name).join(", ") + ", policy, remote"
                ),
            });
        }
    }
    Ok(values)
}

fn config_error(error: figment::Error) -> Error {
    let key = (!error.path.is_empty()).then(|| error.path.join("."));
    let file = error
        .metadata
        .as_ref()
        .and_then(|m| m.source.as_ref())
        .and_then(|s| s.file_path())
        .map(Path::to_path_buf);
    let mut message = error.kind.to_string();
    if let Some(key) = &key {
        message = format!("{message} for key `{key}`");
    }
    match (&file, &error.metadata) {
        (Some(f), _) => message = format!("{message} in `{}`", f.display()),
        (None, Some(m)) => {
            message = format!(
                "{message} in {}",
                m.source
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| m.name.to_string())
            )
        }
        _ => {}
    }
    Error::ConfigValue { key, file, message }
}
