//! The target release: the one uv release every command works for, resolved with provenance
//! like every other setting.
//!
//! Highest precedence first: `--uv-version`, `UVCACHE_UV_VERSION`, `uv-version` in the plugin
//! config and in uvcache's files (the configuration layers); else the release of the `uv` on
//! the caller's `PATH` (`uv --version`, found through the caller's environment, never the
//! plugin process's); else the newest release whose wheels, sdists and simple buckets the cache
//! holds; else the newest release in the table. A release newer than the table works with the
//! newest known release's rules, and buckets of unknown higher versions stay `newer`: never
//! deleted.

pub mod detect;

use std::path::Path;
use std::str::FromStr;

use pep440_rs::Version;

use crate::cache::layout::releases::{Behavior, Release, releases};
use crate::cache::layout::{Bucket, BucketSet};
use crate::config::{Config, Layer, Origin};
use crate::error::{Error, Result};
pub use detect::{Detected, Route};

/// The resolved target release.
#[derive(Debug, Clone)]
pub struct Target {
    /// The release asked for, detected or inferred.
    pub version: Version,
    /// The table's row whose buckets and rules apply (the newest row for a newer release).
    pub release: &'static Release,
    /// What decided it.
    pub origin: Origin,
}

impl Target {
    /// The buckets of the target.
    pub fn buckets(&self) -> &'static BucketSet {
        &self.release.buckets
    }

    /// Whether the release is newer than every release the table knows.
    pub fn unknown_newer(&self) -> bool {
        releases().is_unknown_newer(&self.version)
    }

    /// How the target counts and finishes removals.
    pub fn behavior(&self) -> Behavior {
        releases().behavior(&self.version)
    }
}

/// Resolves the target for a configuration and the cache root it resolved to.
pub fn resolve(config: &Config, cache_root: Option<&Path>) -> Result<Target> {
    if let Some(text) = config.uv_version() {
        let origin = config.origin("uv-version").unwrap_or(Origin {
            layer: Layer::Default,
            file: None,
            detail: None,
        });
        let version = Version::from_str(text.trim()).map_err(|e| Error::ConfigValue {
            key: Some("uv-version".into()),
            file: origin.file.clone(),
            message: format!(
                "`{text}` set by {} is not a uv version such as 0.13.9: {e}",
                describe(&origin)
            ),
        })?;
        return target(version, origin);
    }
    if let Some(detected) = detect::uv_on_path(config.environment()) {
        let detail = match detected.route {
            Route::Binary => "uv --version of the uv on PATH".to_string(),
            Route::Pyenv => format!(
                "uv --version of {}, which pyenv's shim on PATH runs here",
                detected.runs.display()
            ),
            Route::Script => {
                "uv --version through the script on PATH (asked every time)".to_string()
            }
        };
        return target(
            detected.version,
            Origin {
                layer: Layer::Detected,
                file: Some(detected.found),
                detail: Some(detail),
            },
        );
    }
    if let Some(release) = cache_root.and_then(infer) {
        return target(
            release.version.clone(),
            Origin {
                layer: Layer::Detected,
                file: None,
                detail: Some("the newest release whose buckets the cache holds".into()),
            },
        );
    }
    let table = releases();
    target(
        table.newest.clone(),
        Origin {
            layer: Layer::Default,
            file: None,
            detail: Some("the newest release uvcache knows".into()),
        },
    )
}

fn describe(origin: &Origin) -> String {
    origin
        .file
        .as_ref()
        .map(|f| format!("`{}`", f.display()))
        .or_else(|| origin.detail.clone())
        .unwrap_or_else(|| origin.layer.name().to_string())
}

fn target(version: Version, origin: Origin) -> Result<Target> {
    let table = releases();
    let release = table.release(&version).ok_or_else(|| Error::ConfigValue {
        key: Some("uv-version".into()),
        file: origin.file.clone(),
        message: format!(
            "uv {version} (set by {}) is older than every release uvcache knows ({} and later)",
            describe(&origin),
            table.rows[0].version
        ),
    })?;
    Ok(Target {
        version,
        release,
        origin,
    })
}

/// Whether `text` is a uv version such as `0.13.9` (for front ends that check a setting where
/// they can point at it).
pub fn check_version(text: &str) -> std::result::Result<(), NotAVersion> {
    Version::from_str(text.trim())
        .map(|_| ())
        .map_err(|e| NotAVersion {
            text: text.to_string(),
            detail: e.to_string(),
        })
}

/// A setting that is not a uv version.
#[derive(Debug, thiserror::Error)]
#[error("`{text}` is not a uv version such as 0.13.9: {detail}")]
pub struct NotAVersion {
    pub text: String,
    pub detail: String,
}

/// `uv 0.13.9 (1c2ff3b 2026-11-20)` or `uv 0.4.30` gives the version.
pub fn parse_version_output(text: &str) -> Option<Version> {
    let mut words = text.split_whitespace();
    (words.next()? == "uv")
        .then(|| Version::from_str(words.next()?).ok())
        .flatten()
}

/// The newest release whose wheels, sdists and simple buckets (the ones that move most) are
/// all directories of the cache.
pub fn infer(root: &Path) -> Option<&'static Release> {
    let names: Vec<String> = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    releases().rows.iter().rev().find(|release| {
        [Bucket::Wheels, Bucket::Sdists, Bucket::Simple]
            .iter()
            .all(|b| names.contains(&release.buckets.dir_name(*b)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::environment::Environment;
    use crate::config::{Flags, FrontendSettings};

    fn load(env: &Environment, flags: &Flags, frontend: &FrontendSettings) -> Result<Target> {
        let config = Config::load(env, flags, frontend)?;
        let root = config.cache_dir();
        resolve(&config, root.as_deref())
    }

    /// A fake `uv` that prints a version, in its own directory.
    fn fake_uv(dir: &Path, output: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join("uv");
        std::fs::write(&path, format!("#!/bin/sh\necho '{output}'\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// The environment of a caller whose home and working directory are `dir`.
    fn at_home(dir: &Path) -> Environment {
        Environment::new(dir).with_var("HOME", dir.to_string_lossy())
    }

    #[test]
    fn every_layer_with_its_provenance() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path().join("cache");
        for dir in ["wheels-v7", "sdists-v10", "simple-v27", "interpreter-v5"] {
            std::fs::create_dir_all(cache.join(dir)).unwrap();
        }
        let env = Environment::new(tmp.path())
            .with_var("HOME", tmp.path().join("home").to_str().unwrap())
            .with_var("UV_CACHE_DIR", cache.to_str().unwrap())
            .with_var("PATH", "/nonexistent");
        let (flags, frontend) = (Flags::default(), FrontendSettings::default());
        // Inferred from the cache: 0.13.8 is the newest release with these three buckets.
        let t = load(&env, &flags, &frontend).unwrap();
        assert_eq!(t.version.to_string(), "0.13.8");
        assert_eq!(t.origin.layer, Layer::Detected);
        // The uv on the caller's PATH beats inference.
        let bin = tmp.path().join("bin");
        fake_uv(&bin, "uv 0.11.33 (abc 2026-01-01)");
        let env = env.with_var("PATH", bin.to_str().unwrap());
        let t = load(&env, &flags, &frontend).unwrap();
        assert_eq!(t.version.to_string(), "0.11.33");
        assert_eq!(t.origin.file.as_deref(), Some(bin.join("uv").as_path()));
        assert_eq!(t.buckets().dir_name(Bucket::Wheels), "wheels-v6");
        // uvcache's project file beats detection.
        std::fs::write(tmp.path().join("uvcache.toml"), "uv-version = \"0.8.24\"\n").unwrap();
        let t = load(&env, &flags, &frontend).unwrap();
        assert_eq!(t.version.to_string(), "0.8.24");
        assert_eq!(t.origin.layer, Layer::UvcacheProject);
        // The plugin config beats the files, the variable beats the plugin config.
        let frontend = FrontendSettings {
            uv_version: Some("0.5.31".into()),
            ..FrontendSettings::default()
        };
        assert_eq!(
            load(&env, &flags, &frontend).unwrap().version.to_string(),
            "0.5.31"
        );
        let env = env.with_var("UVCACHE_UV_VERSION", "0.13.9");
        let t = load(&env, &flags, &frontend).unwrap();
        assert_eq!(
            (t.version.to_string(), t.origin.detail.as_deref()),
            ("0.13.9".into(), Some("UVCACHE_UV_VERSION"))
        );
        // The flag beats everything; a release newer than the table uses the newest row.
        let flags = Flags {
            uv_version: Some("0.14.2".into()),
            ..Flags::default()
        };
        let t = load(&env, &flags, &frontend).unwrap();
        assert!(t.unknown_newer());
        assert_eq!(t.release.version.to_string(), "0.13.9");
        assert_eq!(t.origin.layer, Layer::Flag);
    }

    #[test]
    fn nothing_found_means_the_newest_release() {
        let tmp = tempfile::tempdir().unwrap();
        let env = at_home(tmp.path()).with_var("PATH", "/nonexistent");
        let t = load(&env, &Flags::default(), &FrontendSettings::default()).unwrap();
        assert_eq!(t.version, releases().newest);
        assert_eq!(t.origin.layer, Layer::Default);
    }

    #[test]
    fn bad_versions_name_their_origin() {
        let tmp = tempfile::tempdir().unwrap();
        let env = at_home(tmp.path()).with_var("UVCACHE_UV_VERSION", "latest");
        let err = load(&env, &Flags::default(), &FrontendSettings::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("latest") && err.contains("UVCACHE_UV_VERSION"),
            "{err}"
        );
        let flags = Flags {
            uv_version: Some("0.3.0".into()),
            ..Flags::default()
        };
        let err = load(&env, &flags, &FrontendSettings::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("0.3.0") && err.contains("older"), "{err}");
        assert_eq!(
            parse_version_output("uv 0.4.30\n").unwrap().to_string(),
            "0.4.30"
        );
        assert!(parse_version_output("ruff 0.4.30").is_none());
    }
}
