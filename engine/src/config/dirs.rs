//! Default folders when nothing is configured: uv's cache directory (resolved exactly as uv
//! resolves it, docs/design.md#cache-directory-resolution) and uvcache's own store, each with the rule that chose it.
//!
//! The caller's variables decide first (`XDG_CACHE_HOME` only when absolute, `HOME`,
//! `%LOCALAPPDATA%`); the operating system's known folders ([`KnownFolders`]) only fill in
//! what the variables leave unset. macOS keeps `~/.cache/uv`, as uv does (its legacy
//! `~/Library/Caches/uv` only when that directory already exists).
//!
//! [`KnownFolders`]: crate::config::environment::KnownFolders

use std::path::PathBuf;

use crate::config::environment::Environment;

/// uv's default cache directory when nothing is configured, and the rule that chose it.
pub fn default_cache_dir(env: &Environment) -> (Option<PathBuf>, &'static str) {
    if cfg!(windows) {
        return match env.local_app_data() {
            Some(dir) => (
                Some(dir.join("uv").join("cache")),
                "%LOCALAPPDATA%\\uv\\cache",
            ),
            None => (
                Some(env.cwd().join(".uv_cache")),
                ".uv_cache (no home directory)",
            ),
        };
    }
    if let Some(legacy) = legacy_cache_dir(env) {
        return (Some(legacy), "~/Library/Caches/uv (legacy, exists)");
    }
    if let Some(xdg) = env.absolute_path_var("XDG_CACHE_HOME") {
        return (Some(xdg.join("uv")), "$XDG_CACHE_HOME/uv");
    }
    match env.home_dir() {
        Some(home) => (Some(home.join(".cache").join("uv")), "~/.cache/uv"),
        None => (
            Some(env.cwd().join(".uv_cache")),
            ".uv_cache (no home directory)",
        ),
    }
}

/// The cache folder uv used on macOS before 0.3.0, `~/Library/Caches/uv`, if it exists: uv
/// still takes it as its default then (over `$XDG_CACHE_HOME/uv` and `~/.cache/uv`), until
/// `uv cache clean` removes it. `None` on other systems.
pub fn legacy_cache_dir(env: &Environment) -> Option<PathBuf> {
    legacy_cache_dir_on(env, cfg!(target_os = "macos"))
}

fn legacy_cache_dir_on(env: &Environment, macos: bool) -> Option<PathBuf> {
    let legacy = env.home_dir()?.join("Library").join("Caches").join("uv");
    (macos && legacy.is_dir()).then_some(legacy)
}

/// uvcache's default store directory when nothing is configured, and the rule that chose it.
pub fn default_store_dir(env: &Environment) -> (Option<PathBuf>, &'static str) {
    if cfg!(windows) {
        return match env.local_app_data() {
            Some(dir) => (
                Some(dir.join("uvcache").join("cache")),
                "%LOCALAPPDATA%\\uvcache\\cache",
            ),
            None => (None, "no LOCALAPPDATA"),
        };
    }
    if let Some(xdg) = env.absolute_path_var("XDG_CACHE_HOME") {
        return (Some(xdg.join("uvcache")), "$XDG_CACHE_HOME/uvcache");
    }
    match env.home_dir() {
        Some(home) => (
            Some(home.join(".cache").join("uvcache")),
            "~/.cache/uvcache",
        ),
        None => (None, "no home directory"),
    }
}

/// The user configuration directory (`$XDG_CONFIG_HOME`, else `~/.config`; `%APPDATA%`).
pub fn user_config_dir(env: &Environment) -> Option<PathBuf> {
    if cfg!(windows) {
        env.app_data()
    } else {
        env.absolute_path_var("XDG_CONFIG_HOME")
            .or_else(|| env.home_dir().map(|h| h.join(".config")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::environment::KnownFolders;

    #[test]
    fn variables_decide_before_the_system_folders() {
        let folders = KnownFolders {
            home: Some("/sys-home".into()),
            local_app_data: Some("/sys-local".into()),
            app_data: Some("/sys-roaming".into()),
        };
        let env = Environment::new("/cwd").with_folders(folders.clone());
        // No HOME: the system's home directory, not `.uv_cache`.
        assert_eq!(
            default_cache_dir(&env).0,
            Some(PathBuf::from("/sys-home/.cache/uv"))
        );
        assert_eq!(
            default_store_dir(&env).0,
            Some(PathBuf::from("/sys-home/.cache/uvcache"))
        );
        let env = env.with_var("HOME", "/home/u");
        assert_eq!(
            default_cache_dir(&env),
            (Some(PathBuf::from("/home/u/.cache/uv")), "~/.cache/uv")
        );
        let env = env.with_var("XDG_CACHE_HOME", "/xdg");
        assert_eq!(
            default_cache_dir(&env),
            (Some(PathBuf::from("/xdg/uv")), "$XDG_CACHE_HOME/uv")
        );
        assert_eq!(
            user_config_dir(&Environment::new("/cwd").with_var("HOME", "/h")),
            Some(PathBuf::from("/h/.config"))
        );
        // Windows' folders: the variable first, the known folder behind it.
        let env = Environment::new("/cwd").with_folders(folders);
        assert_eq!(env.local_app_data(), Some(PathBuf::from("/sys-local")));
        assert_eq!(env.app_data(), Some(PathBuf::from("/sys-roaming")));
        let env = env.with_var("LOCALAPPDATA", "/var-local");
        assert_eq!(env.local_app_data(), Some(PathBuf::from("/var-local")));
        let env = env.with_var("APPDATA", "relative");
        assert_eq!(
            env.app_data(),
            Some(PathBuf::from("/sys-roaming")),
            "a relative variable is ignored"
        );
    }

    #[test]
    fn the_legacy_macos_cache_counts_only_on_macos_and_only_when_it_exists() {
        let home = tempfile::tempdir().unwrap();
        let env = Environment::new("/cwd").with_var("HOME", home.path().to_str().unwrap());
        assert_eq!(legacy_cache_dir_on(&env, true), None);
        let legacy = home.path().join("Library/Caches/uv");
        std::fs::create_dir_all(&legacy).unwrap();
        assert_eq!(legacy_cache_dir_on(&env, true), Some(legacy));
        assert_eq!(legacy_cache_dir_on(&env, false), None);
    }

    #[test]
    fn without_home_uv_falls_back_to_the_working_directory() {
        let env = Environment::new("/work/dir");
        let (dir, rule) = default_cache_dir(&env);
        if !cfg!(windows) {
            assert_eq!(dir, Some(PathBuf::from("/work/dir/.uv_cache")));
            assert_eq!(rule, ".uv_cache (no home directory)");
            assert_eq!(default_store_dir(&env).0, None);
        }
    }
}
