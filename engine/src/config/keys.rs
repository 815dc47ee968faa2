//! The settings uvcache reads, one row each: the key files use, the variable and the flag that
//! set it, how a variable's text is read, and where it may be written.

use std::path::Path;

use figment::value::Value;

use crate::config::{Flags, FrontendSettings, secret};
use crate::error::{Error, Result};

/// How a variable's text becomes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A path.
    Path,
    /// uv's booleans (`1`, `true`, `0`, `false`...).
    Bool,
    /// Text as it is.
    Text,
    /// Paths or globs, split as `PATH` is.
    PathList,
    /// Public keys, split on commas and white space.
    KeyList,
    /// The path of a file that holds a secret (never the secret itself).
    SecretFile,
}

/// A flag's value in [`Flags`], if given.
type FlagValue = fn(&Flags) -> Option<Value>;

/// One setting.
pub(crate) struct Key {
    /// The key in files (`cache-dir`).
    pub(crate) name: &'static str,
    /// The environment variable that sets it.
    pub(crate) variable: Option<&'static str>,
    /// The command-line flag that sets it, and its value in `Flags`.
    pub(crate) flag: Option<(&'static str, FlagValue)>,
    /// Its value in the front end's own settings.
    pub(crate) frontend: Option<fn(&FrontendSettings) -> Option<Value>>,
    pub(crate) kind: Kind,
    /// Only uvcache's own files may set it (uv would reject it in its files).
    pub(crate) own: bool,
    /// Its values add up across layers instead of the highest layer deciding: every layer
    /// names more places (a user file `~/code/*/.venv`, a project file `envs/*`, a flag), or
    /// more trusted keys (rotation: the old and the new key at once).
    pub(crate) adds_up: bool,
}

/// Every setting, in the order reports list them.
pub(crate) const TABLE: [Key; 7] = [
    Key {
        name: "cache-dir",
        variable: Some("UV_CACHE_DIR"),
        flag: Some(("--cache-dir", |f| f.cache_dir.as_deref().map(path_value))),
        frontend: Some(|f| f.cache_dir.as_deref().map(path_value)),
        kind: Kind::Path,
        own: false,
        adds_up: false,
    },
    Key {
        name: "no-cache",
        variable: Some("UV_NO_CACHE"),
        flag: Some(("--no-cache", |f| f.no_cache.then(|| Value::from(true)))),
        frontend: Some(|f| f.no_cache.map(Value::from)),
        kind: Kind::Bool,
        own: false,
        adds_up: false,
    },
    Key {
        name: "store-dir",
        variable: Some("UVCACHE_STORE_DIR"),
        flag: Some(("--store-dir", |f| f.store_dir.as_deref().map(path_value))),
        frontend: Some(|f| f.store_dir.as_deref().map(path_value)),
        kind: Kind::Path,
        own: true,
        adds_up: false,
    },
    Key {
        name: "uv-version",
        variable: Some("UVCACHE_UV_VERSION"),
        flag: Some(("--uv-version", |f| f.uv_version.clone().map(Value::from))),
        frontend: Some(|f| f.uv_version.clone().map(Value::from)),
        kind: Kind::Text,
        own: true,
        adds_up: false,
    },
    Key {
        name: "environments",
        variable: Some("UVCACHE_ENVIRONMENTS"),
        flag: Some(("--environments", |f| {
            (!f.environments.is_empty()).then(|| Value::from(f.environments.clone()))
        })),
        frontend: Some(|f| f.environments.clone().map(Value::from)),
        kind: Kind::PathList,
        own: true,
        adds_up: true,
    },
    Key {
        name: "trusted-keys",
        variable: Some("UVCACHE_TRUSTED_KEYS"),
        flag: None,
        frontend: None,
        kind: Kind::KeyList,
        own: true,
        adds_up: true,
    },
    Key {
        name: "signing-key-file",
        variable: Some("UVCACHE_SIGNING_KEY_FILE"),
        flag: None,
        frontend: None,
        kind: Kind::SecretFile,
        own: true,
        adds_up: false,
    },
];

/// The row of `name`.
pub(crate) fn key(name: &str) -> Option<&'static Key> {
    TABLE.iter().find(|k| k.name == name)
}

/// Whether `name`'s values add up across layers.
pub(crate) fn adds_up(name: &str) -> bool {
    key(name).is_some_and(|k| k.adds_up)
}

impl Key {
    /// The value of the variable's text `raw`; a text that cannot be one is an error naming
    /// the variable (a secret never quoted).
    pub(crate) fn parse_variable(&self, variable: &str, raw: &str) -> Result<Value> {
        match self.kind {
            Kind::Path => Ok(path_value(Path::new(raw))),
            Kind::Text => Ok(Value::from(raw.to_string())),
            Kind::Bool => {
                let value =
                    crate::config::environment::parse_flag(raw).ok_or_else(|| Error::EnvValue {
                        key: variable.into(),
                        value: raw.into(),
                        expected: "a boolean such as 1, true, 0 or false",
                    })?;
                Ok(Value::from(value))
            }
            Kind::PathList => {
                let patterns: Vec<String> = std::env::split_paths(raw)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                Ok(Value::from(patterns))
            }
            Kind::KeyList => {
                let keys = raw
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|k| !k.is_empty());
                if keys.clone().any(secret::secret_shaped) {
                    return Err(super::secret_where_public(self.name, variable));
                }
                Ok(Value::from(keys.map(str::to_string).collect::<Vec<_>>()))
            }
            Kind::SecretFile => {
                if secret::secret_shaped(raw) {
                    return Err(super::secret_where_file(variable));
                }
                Ok(path_value(Path::new(raw)))
            }
        }
    }
}

pub(crate) fn path_value(path: &Path) -> Value {
    Value::from(path.to_string_lossy().into_owned())
}
