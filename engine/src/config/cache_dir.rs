//! Which directory is the uv cache: uv's resolution order (docs/design.md#cache-directory-resolution).
//!
//! `--no-cache` (flag, `UV_NO_CACHE`, or `no-cache = true`) gives a fresh temporary directory
//! that is removed when the [`CacheRoot`] is dropped, as uv removes its own at exit. Otherwise
//! the merged configuration's `cache-dir` decides: flag > `UV_CACHE_DIR` > files > the
//! platform default computed here (relative values are taken against the working directory).

use std::path::{Path, PathBuf};

use crate::config::{Config, Layer, Origin};
use crate::error::{Error, Result};

/// The resolved cache root, and what decided it.
#[derive(Debug)]
pub struct CacheRoot {
    path: PathBuf,
    origin: Origin,
    /// Keeps a `--no-cache` directory alive; dropping it removes the directory.
    temp: Option<tempfile::TempDir>,
}

impl CacheRoot {
    /// A cache root at an explicit path (tests, benchmarks).
    pub fn at(path: impl Into<PathBuf>) -> CacheRoot {
        CacheRoot {
            path: path.into(),
            origin: Origin {
                layer: Layer::Flag,
                file: None,
                detail: None,
            },
            temp: None,
        }
    }

    /// The absolute path of the root.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The layer, file or variable that decided the path.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Records what decided the path (a root made with [`CacheRoot::at`] for the store).
    pub fn set_origin(&mut self, origin: Origin) {
        self.origin = origin;
    }

    /// Whether this is a throw-away `--no-cache` directory.
    pub fn is_temporary(&self) -> bool {
        self.temp.is_some()
    }
}

/// Resolves the cache root for a loaded configuration.
pub fn resolve(config: &Config) -> Result<CacheRoot> {
    if config.no_cache() {
        let temp = tempfile::Builder::new()
            .prefix(".tmp")
            .tempdir_in(std::env::temp_dir())
            .map_err(Error::TempDir)?;
        let origin = config.origin("no-cache").unwrap_or(Origin {
            layer: Layer::Flag,
            file: None,
            detail: None,
        });
        return Ok(CacheRoot {
            path: temp.path().to_path_buf(),
            origin,
            temp: Some(temp),
        });
    }
    let path = config.cache_dir().ok_or(Error::NoCacheDir)?;
    let origin = config.origin("cache-dir").unwrap_or(Origin {
        layer: Layer::Default,
        file: None,
        detail: None,
    });
    Ok(CacheRoot {
        path,
        origin,
        temp: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::environment::Environment;
    use crate::config::{Flags, FrontendSettings};

    fn resolve_in(env: &Environment, flags: &Flags) -> CacheRoot {
        resolve(&Config::load(env, flags, &FrontendSettings::default()).expect("config"))
            .expect("resolve")
    }

    #[test]
    fn xdg_cache_home_only_when_absolute() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Environment::new(tmp.path())
            .with_var("HOME", "/home/u")
            .with_var("XDG_CACHE_HOME", "rel");
        assert_eq!(
            resolve_in(&env, &Flags::default()).path(),
            Path::new("/home/u/.cache/uv")
        );
        let env = env.with_var("XDG_CACHE_HOME", "/x");
        let root = resolve_in(&env, &Flags::default());
        assert_eq!(root.path(), Path::new("/x/uv"));
        assert_eq!(root.origin().layer, Layer::Default);
    }

    #[test]
    fn flag_beats_env_beats_project_file() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("uv.toml"), "cache-dir = \"./pcache\"\n").unwrap();
        let env = Environment::new(tmp.path()).with_var("HOME", "/home/u");
        let root = resolve_in(&env, &Flags::default());
        assert_eq!(root.path(), tmp.path().join("./pcache"));
        assert_eq!(
            root.origin().file.as_deref(),
            Some(tmp.path().join("uv.toml").as_path())
        );
        let env = env.with_var("UV_CACHE_DIR", "envcache");
        let root = resolve_in(&env, &Flags::default());
        assert_eq!(root.path(), tmp.path().join("envcache"));
        assert_eq!(root.origin().detail.as_deref(), Some("UV_CACHE_DIR"));
        let flags = Flags {
            cache_dir: Some("/flag".into()),
            ..Flags::default()
        };
        assert_eq!(resolve_in(&env, &flags).path(), Path::new("/flag"));
    }

    #[test]
    fn no_cache_gives_a_temporary_directory_removed_on_drop() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Environment::new(tmp.path())
            .with_var("HOME", "/home/u")
            .with_var("UV_NO_CACHE", "1");
        let root = resolve_in(&env, &Flags::default());
        assert!(root.is_temporary());
        let path = root.path().to_path_buf();
        assert!(path.is_dir());
        drop(root);
        assert!(!path.exists());
    }

    #[test]
    fn project_false_undoes_user_true_but_env_false_does_not_undo_file_true() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(home.join(".config/uv")).unwrap();
        std::fs::write(home.join(".config/uv/uv.toml"), "no-cache = true\n").unwrap();
        let proj = tmp.path().join("proj");
        std::fs::create_dir_all(&proj).unwrap();
        let env = Environment::new(&proj).with_var("HOME", home.to_str().unwrap());
        let config = crate::testing::config(&env);
        assert!(config.no_cache());
        let env = env.with_var("UV_NO_CACHE", "0");
        assert!(crate::testing::config(&env).no_cache());
        std::fs::write(proj.join("uv.toml"), "no-cache = false\n").unwrap();
        assert!(!crate::testing::config(&env).no_cache());
    }

    #[test]
    fn malformed_files_name_the_file_and_key() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Environment::new(tmp.path()).with_var("HOME", "/nonexistent-home");
        std::fs::write(tmp.path().join("uv.toml"), "cache-dir = [\n").unwrap();
        let err = crate::testing::config_error(&env);
        assert!(err.contains("uv.toml"), "{err}");
        std::fs::write(tmp.path().join("uv.toml"), "cache-dir = 5\n").unwrap();
        let err = crate::testing::config_error(&env);
        assert!(
            err.contains("cache-dir") && err.contains("uv.toml"),
            "{err}"
        );
        std::fs::remove_file(tmp.path().join("uv.toml")).unwrap();
        std::fs::write(tmp.path().join("uvcache.toml"), "cache-dri = \"x\"\n").unwrap();
        let err = crate::testing::config_error(&env);
        assert!(
            err.contains("cache-dri") && err.contains("uvcache.toml"),
            "{err}"
        );
    }

    #[test]
    fn values_list_shadowed_layers() {
        let tmp = tempfile::tempdir().unwrap();
        let env = Environment::new(tmp.path())
            .with_var("HOME", "/h")
            .with_var("UV_CACHE_DIR", "/e");
        let config = crate::testing::config(&env);
        let rows: Vec<_> = config
            .values()
            .into_iter()
            .filter(|v| v.key == "cache-dir")
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].active && rows[0].origin.layer == Layer::Environment);
        assert!(!rows[1].active && rows[1].origin.layer == Layer::Default);
    }
}
