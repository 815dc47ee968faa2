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
    folders: KnownFolders,
}

/// The operating system's own answer for the folders that variables usually name: the home
/// directory (the password database when `HOME` is unset) and, on Windows, the known folders
/// behind `%LOCALAPPDATA%` and `%APPDATA%`. Read through `directories`, and consulted only when
/// the caller's variable says nothing, so the caller's variables keep uv's precedence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownFolders {
    /// The home directory.
    pub home: Option<PathBuf>,
    /// Windows' local application data folder (`FOLDERID_LocalAppData`).
    pub local_app_data: Option<PathBuf>,
    /// Windows' roaming application data folder (`FOLDERID_RoamingAppData`).
    pub app_data: Option<PathBuf>,
}

impl KnownFolders {
    /// Asks the operating system (once per process: the answer does not change).
    pub fn system() -> KnownFolders {
        static SYSTEM: std::sync::OnceLock<KnownFolders> = std::sync::OnceLock::new();
        SYSTEM
            .get_or_init(|| {
                let Some(base) = directories::BaseDirs::new() else {
                    return KnownFolders::default();
                };
                let windows = cfg!(windows);
                KnownFolders {
                    home: Some(base.home_dir().to_path_buf()),
                    local_app_data: windows.then(|| base.cache_dir().to_path_buf()),
                    app_data: windows.then(|| base.config_dir().to_path_buf()),
                }
            })
            .clone()
    }
}

impl Environment {
    /// An environment with the given working directory and no variables.
    pub fn new(cwd: impl Into<PathBuf>) -> Self {
        Self {
            vars: BTreeMap::new(),
            cwd: cwd.into(),
            folders: KnownFolders::default(),
        }
    }

    /// The operating system's known folders, as fallbacks behind the variables (builder
    /// style). Front ends set them; tests leave them out to stay hermetic.
    pub fn with_folders(mut self, folders: KnownFolders) -> Self {
        self.folders = folders;
        self
    }

    /// The current process's environment (for a CLI and for tests).
    pub fn from_process() -> std::io::Result<Self> {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        Ok(Self {
            vars,
            cwd: std::env::current_dir()?,
            folders: KnownFolders::system(),
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

    /// Every variable, as a child process of the caller would get it.
    pub fn vars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A variable read as a path, only if it is absolute (XDG base directory rule).
    pub fn absolute_path_var(&self, key: &str) -> Option<PathBuf> {
        self.var(key).map(PathBuf::from).filter(|p| p.is_absolute())
    }

    /// A boolean variable as uv reads them (`1`, `true`, `yes`, `on`, any case).
    pub fn flag_var(&self, key: &str) -> Option<bool> {
        parse_flag(self.var(key)?)
    }

    /// A whole number of seconds (`UV_LOCK_TIMEOUT`, `UV_HTTP_TIMEOUT`); unset is `None`, a
    /// value that is not a number is an error naming the variable.
    pub fn seconds_var(&self, key: &str) -> crate::error::Result<Option<std::time::Duration>> {
        let Some(raw) = self.var(key) else {
            return Ok(None);
        };
        raw.trim()
            .parse::<u64>()
            .map(|s| Some(std::time::Duration::from_secs(s)))
            .map_err(|_| crate::error::Error::EnvValue {
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

    /// The first executable named `name` (`.exe` added on Windows) in the caller's `PATH`, each
    /// folder taken against the working directory, as a shell would find it.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        let file = if cfg!(windows) {
            format!("{name}.exe")
        } else {
            name.to_string()
        };
        std::env::split_paths(self.var("PATH")?)
            .map(|dir| self.absolutize(&dir).join(&file))
            .find(|candidate| is_executable(candidate))
    }

    /// The home directory: `HOME` (`USERPROFILE` on Windows), else the system's answer.
    pub fn home_dir(&self) -> Option<PathBuf> {
        let key = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        self.absolute_path_var(key)
            .or_else(|| self.folders.home.clone())
    }

    /// `%LOCALAPPDATA%` if absolute, else the system's local application data folder (Windows).
    pub fn local_app_data(&self) -> Option<PathBuf> {
        self.absolute_path_var("LOCALAPPDATA")
            .or_else(|| self.folders.local_app_data.clone())
    }

    /// `%APPDATA%` if absolute, else the system's roaming application data folder (Windows).
    pub fn app_data(&self) -> Option<PathBuf> {
        self.absolute_path_var("APPDATA")
            .or_else(|| self.folders.app_data.clone())
    }
}

/// A file anyone may execute (on Windows: any file).
pub fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && crate::os::perm::is_executable(&m))
}

/// A boolean as uv reads them (`1`, `true`, `yes`, `on`, `0`, `false`..., any case).
pub(crate) fn parse_flag(raw: &str) -> Option<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "on" => Some(true),
        "0" | "false" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}
