//! Fixtures for tests of the engine and of `tests/` (feature `test-support`): configuration read
//! from files written the way users write them, and synthetic caches laid out as uv lays them
//! out ([`synth`]).

pub mod synth;

use std::path::{Path, PathBuf};

use crate::Environment;
use crate::config::{Config, Flags, FrontendSettings};

/// The configuration `env` reads, with no flags and no front-end settings.
pub fn config(env: &Environment) -> Config {
    Config::load(env, &Flags::default(), &FrontendSettings::default()).unwrap()
}

/// Why the configuration `env` reads is refused.
pub fn config_error(env: &Environment) -> String {
    Config::load(env, &Flags::default(), &FrontendSettings::default())
        .unwrap_err()
        .to_string()
}

/// In `dir`: a home whose uvcache user file holds `user`, and a working directory whose
/// `uvcache.toml` holds `project`; returns both.
pub fn user_and_project(dir: &Path, user: &str, project: &str) -> (PathBuf, PathBuf) {
    let home = dir.join("home");
    let work = dir.join("work");
    std::fs::create_dir_all(home.join(".config/uvcache")).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(home.join(".config/uvcache/config.toml"), user).unwrap();
    std::fs::write(work.join("uvcache.toml"), project).unwrap();
    (home, work)
}
