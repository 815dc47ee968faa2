//! The uv the caller would run, found as the caller's shell finds it, and its release.
//!
//! uv is asked (`uv --version`) with the caller's whole environment and working directory, so
//! a version manager's shim (pyenv, asdf, mise) picks the uv the user would get. An answer is
//! kept (the plugin lives long) only while what decided it is unchanged:
//!
//! - a real binary: kept by its path and [stamp](crate::platform::stamp) (inode, size,
//!   modification and change times): a release replaced in place under the same path is asked
//!   again;
//! - pyenv's shim: resolved as pyenv resolves it (`PYENV_VERSION`, else the nearest
//!   `.python-version` from `PYENV_DIR` or the working directory up, else
//!   `$PYENV_ROOT/version`), to `$PYENV_ROOT/versions/<version>/bin/uv`, which is then asked
//!   and kept like any binary. Only exact, installed version names are resolved; `system`, a
//!   prefix such as `3.12`, or a version without uv sends the question to the shim itself;
//! - any other script in front of uv (asdf, mise, a shim of one's own): asked every time,
//!   since what it reads is unknown.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pep440_rs::Version;

use crate::config::environment::Environment;
use crate::platform::stamp::{self, Stamp};

/// How the uv on `PATH` was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `PATH` names uv's binary itself.
    Binary,
    /// pyenv's shim, resolved to the binary it runs.
    Pyenv,
    /// A script in front of uv, asked every time.
    Script,
}

/// The uv the caller would run.
#[derive(Debug, Clone)]
pub struct Detected {
    /// The `uv` first on the caller's `PATH`.
    pub found: PathBuf,
    /// The file asked for the release: `found`, or the binary pyenv's shim runs.
    pub runs: PathBuf,
    /// How `found` leads to `runs`.
    pub route: Route,
    /// The release it says.
    pub version: Version,
    /// How long asking took (zero when the answer was kept).
    pub cost: Duration,
}

/// The uv the caller would run, and its release.
pub fn uv_on_path(env: &Environment) -> Option<Detected> {
    let found = env.which("uv")?;
    let (runs, route) = if is_script(&found) {
        match pyenv_binary(&found, env) {
            Some(binary) => (binary, Route::Pyenv),
            None => (found.clone(), Route::Script),
        }
    } else {
        (found.clone(), Route::Binary)
    };
    // The binary's own stamp, through any link to it (`~/.local/bin/uv` into a tool's venv):
    // an upgrade that replaces the target leaves the link as it was.
    let key = (route != Route::Script)
        .then(|| std::fs::metadata(&runs).ok())
        .flatten()
        .map(|meta| (runs.clone(), stamp::stamp(&meta)));
    static SEEN: Mutex<Vec<((PathBuf, Stamp), Version)>> = Mutex::new(Vec::new());
    if let Some(key) = &key
        && let Ok(seen) = SEEN.lock()
        && let Some((_, version)) = seen.iter().find(|(k, _)| k == key)
    {
        let version = version.clone();
        return Some(Detected {
            found,
            runs,
            route,
            version,
            cost: Duration::ZERO,
        });
    }
    let started = Instant::now();
    let output = ask(&runs, env)?;
    let cost = started.elapsed();
    let version = super::parse_version_output(&String::from_utf8_lossy(&output.stdout))?;
    if let Some(key) = key
        && let Ok(mut seen) = SEEN.lock()
    {
        seen.retain(|(k, _)| k.0 != key.0);
        seen.push((key, version.clone()));
    }
    Some(Detected {
        found,
        runs,
        route,
        version,
        cost,
    })
}

/// How long asking the uv found on `PATH` takes the way the user's shell runs it (through its
/// shim, if one is in front), as `doctor` reports it; `None` when it does not answer.
pub fn cost_through_path(detected: &Detected, env: &Environment) -> Option<Duration> {
    let started = Instant::now();
    let output = ask(&detected.found, env)?;
    output.status.success().then(|| started.elapsed())
}

/// `binary --version` as the caller's shell would run it: its whole environment, its directory.
fn ask(binary: &Path, env: &Environment) -> Option<std::process::Output> {
    Command::new(binary)
        .arg("--version")
        .env_clear()
        .envs(env.vars())
        .current_dir(env.cwd())
        .output()
        .ok()
}

/// Whether `path` is a script (`#!`), not a binary.
fn is_script(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"#!")
}

/// The uv binary pyenv's shim at `shim` would run for `env`, when pyenv's rules give one
/// exactly (see the module's documentation); `None` sends the question to the shim.
fn pyenv_binary(shim: &Path, env: &Environment) -> Option<PathBuf> {
    let shims = shim.parent()?;
    let root = shims.parent()?;
    if shims.file_name()? != "shims" || !root.join("versions").is_dir() {
        return None;
    }
    let text = std::fs::read_to_string(shim).ok()?;
    if !text.contains("pyenv") {
        return None;
    }
    let names: Vec<String> = match env.var("PYENV_VERSION") {
        Some(list) => list.split(':').map(str::to_string).collect(),
        None => version_file_names(env, root)?,
    };
    for name in names.iter().filter(|n| !n.is_empty()) {
        let version = root.join("versions").join(name);
        if name == "system" || name.contains('/') || !version.is_dir() {
            return None;
        }
        let binary = version.join("bin").join("uv");
        if crate::config::environment::is_executable(&binary) {
            return Some(binary);
        }
    }
    None
}

/// The versions named by the nearest `.python-version` from `PYENV_DIR` (else the working
/// directory) up, else by `$PYENV_ROOT/version`; `None` when neither exists (pyenv's
/// `system`).
fn version_file_names(env: &Environment, root: &Path) -> Option<Vec<String>> {
    let nearest = |start: &Path| {
        start
            .ancestors()
            .map(|dir| dir.join(".python-version"))
            .find(|f| f.is_file())
    };
    let file = env
        .var("PYENV_DIR")
        .and_then(|d| nearest(&env.absolutize(Path::new(d))))
        .or_else(|| nearest(env.cwd()))
        .or_else(|| Some(root.join("version")).filter(|f| f.is_file()))?;
    let text = std::fs::read_to_string(file).ok()?;
    // pyenv reads the first word of each line.
    Some(
        text.lines()
            .filter_map(|l| l.split('#').next()?.split_whitespace().next())
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn executable(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn pyenv_shims_resolve_by_variable_then_file_and_other_scripts_are_asked() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("pyenv");
        let shim = root.join("shims/uv");
        executable(&shim, "#!/usr/bin/env bash\nexec pyenv exec uv \"$@\"\n");
        for (version, release) in [("3.11.9", "0.13.8"), ("3.12.1", "0.12.24")] {
            executable(
                &root.join(format!("versions/{version}/bin/uv")),
                &format!("#!/bin/sh\necho 'uv {release}'\n"),
            );
        }
        std::fs::write(root.join("version"), "3.11.9\n").unwrap();
        let project = tmp.path().join("project/sub");
        std::fs::create_dir_all(&project).unwrap();
        std::fs::write(
            tmp.path().join("project/.python-version"),
            "3.12.1 # pinned\n",
        )
        .unwrap();
        let env = |cwd: &Path| {
            Environment::new(cwd).with_var("PATH", shim.parent().unwrap().to_str().unwrap())
        };
        let global = env(tmp.path());
        assert_eq!(
            pyenv_binary(&shim, &global),
            Some(root.join("versions/3.11.9/bin/uv"))
        );
        assert_eq!(
            pyenv_binary(&shim, &env(&project)),
            Some(root.join("versions/3.12.1/bin/uv"))
        );
        let variable = global.clone().with_var("PYENV_VERSION", "3.12.1");
        let detected = uv_on_path(&variable).unwrap();
        assert_eq!(
            (detected.route, detected.version.to_string()),
            (Route::Pyenv, "0.12.24".into())
        );
        // A prefix, `system` or an unknown name: the shim itself is asked.
        for name in ["3.12", "system", "9.9.9"] {
            let other = global.clone().with_var("PYENV_VERSION", name);
            assert_eq!(pyenv_binary(&shim, &other), None, "{name}");
        }
        // Another script: asked every time, with the caller's variables and directory.
        let own = tmp.path().join("own/uv");
        executable(
            &own,
            "#!/bin/sh\nif [ -f .uv-release ]; then read -r l < .uv-release; echo \"$l\"; \
             else echo \"uv $PICK\"; fi\n",
        );
        let mine = Environment::new(tmp.path())
            .with_var("PATH", own.parent().unwrap().to_str().unwrap())
            .with_var("PICK", "0.13.8");
        let asked = uv_on_path(&mine).unwrap();
        assert_eq!(
            (asked.route, asked.version.to_string()),
            (Route::Script, "0.13.8".into())
        );
        std::fs::write(tmp.path().join(".uv-release"), "uv 0.11.33\n").unwrap();
        assert_eq!(uv_on_path(&mine).unwrap().version.to_string(), "0.11.33");
    }
}
