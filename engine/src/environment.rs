//! The caller's environment: variables and working directory, as a value.
//!
//! A Nushell plugin process keeps the environment it was spawned with, which goes stale as the
//! user changes `$env` or `cd`s. So the engine never reads `std::env` behind the caller's back:
//! every entry point takes an [`Environment`] that the front end filled from wherever the truth
//! is (the Nushell engine interface, or the process for a CLI).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Environment variables and working directory of the caller.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    vars: BTreeMap<String, String>,
    cwd: PathBuf,
}

impl Environment {
    /// An environment with the given working directory and no variables.
    pub fn new(cwd: impl Into<PathBuf>) -> Self {
        Self {
            vars: BTreeMap::new(),
            cwd: cwd.into(),
        }
    }

    /// The current process's environment (for a CLI and for tests).
    pub fn from_process() -> std::io::Result<Self> {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        Ok(Self {
            vars,
            cwd: std::env::current_dir()?,
        })
    }

    /// Sets one variable (builder style).
    pub fn with_var(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_var(key, value);
        self
    }

    /// Sets one variable.
    pub fn set_var(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.vars.insert(key.into(), value.into());
    }

    /// A variable's value; an empty value counts as unset, as uv's clap arguments treat it.
    pub fn var(&self, key: &str) -> Option<&str> {
        self.vars
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A variable read as a path, only if it is absolute (XDG base directory rule).
    pub fn absolute_path_var(&self, key: &str) -> Option<PathBuf> {
        self.var(key).map(PathBuf::from).filter(|p| p.is_absolute())
    }

    /// A boolean variable as uv reads them (`1`, `true`, `yes`, `on`, any case).
    pub fn flag_var(&self, key: &str) -> Option<bool> {
        let value = self.var(key)?.to_ascii_lowercase();
        match value.as_str() {
            "1" | "true" | "yes" | "y" | "on" => Some(true),
            "0" | "false" | "no" | "n" | "off" => Some(false),
            _ => None,
        }
    }

    /// A whole number of seconds (`UV_LOCK_TIMEOUT`, `UV_HTTP_TIMEOUT`); unset is `None`, a
    /// value that is not a number is an error naming the variable.
    pub fn seconds_var(&self, key: &str) -> crate::Result<Option<std::time::Duration>> {
        let Some(raw) = self.var(key) else {
            return Ok(None);
        };
        raw.trim()
            .parse::<u64>()
            .map(|s| Some(std::time::Duration::from_secs(s)))
            .map_err(|_| crate::Error::EnvValue {
                key: key.into(),
                value: raw.into(),
                expected: "a whole number of seconds",
            })
    }

    /// The working directory.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// `path` made absolute against the working directory, lexically (as `std::path::absolute`,
    /// which is what uv does: no symlink resolution).
    pub fn absolutize(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd.join(path)
        }
    }

    /// The home directory, from `HOME` (or `USERPROFILE` on Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        let key = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        self.absolute_path_var(key)
    }
}
