//! Where Python environments are: uv's tool directory, `$VIRTUAL_ENV`, the nearest `.venv`
//! above the working directory, uv's cached environments inside the cache, and the paths and
//! globs the user names in the configuration layers.
//!
//! Globs are expanded here rather than by the `glob` crate's walker, so they stay bounded: a
//! `**` descends at most [`MAX_DEPTH`] levels and never through a symlink (a symlink loop
//! cannot recur), at most [`MAX_VISITS`] directories are read per pattern, and a directory
//! that cannot be read is reported, not fatal. A named place that is not an environment, or a
//! pattern that matches none, is reported too.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::cache::{Entry, EntryKind};
use crate::config::environment::Environment;
use crate::config::{Config, EnvironmentPattern};
use crate::envs::{Found, Venv, VenvKind, read};

/// How deep a `**` goes.
pub const MAX_DEPTH: usize = 8;

/// How many directories one pattern may read.
pub const MAX_VISITS: usize = 20_000;

/// The environments found, and what went wrong looking for them.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Each environment once (by canonical path), in the order found.
    pub venvs: Vec<Venv>,
    /// Patterns that matched nothing, unreadable directories, places that are not environments.
    pub issues: Vec<String>,
}

/// The caller's virtual environment: the active one (`VIRTUAL_ENV`), else the nearest `.venv`
/// walking up from the working directory; each only if it is a folder.
pub fn active_venv(env: &crate::config::environment::Environment) -> Option<PathBuf> {
    virtual_env(env)
        .filter(|venv| venv.is_dir())
        .or_else(|| nearest_dot_venv(env, Path::is_dir))
}

/// `$VIRTUAL_ENV`, made absolute, when it is set.
fn virtual_env(env: &crate::config::environment::Environment) -> Option<PathBuf> {
    let venv = env.var("VIRTUAL_ENV").filter(|v| !v.is_empty())?;
    Some(env.absolutize(Path::new(venv)))
}

/// The nearest `.venv` walking up from the working directory that `is_venv` accepts.
fn nearest_dot_venv(
    env: &crate::config::environment::Environment,
    is_venv: impl Fn(&Path) -> bool,
) -> Option<PathBuf> {
    env.cwd()
        .ancestors()
        .map(|dir| dir.join(".venv"))
        .find(|venv| is_venv(venv))
}

/// Finds and reads every environment: uv's tools, `$VIRTUAL_ENV`, the nearest `.venv`, the
/// cache's own environments (from `entries`, inside `root`), then the configured places.
pub fn discover(config: &Config, root: &Path, entries: &[Entry]) -> Discovery {
    let env = config.environment();
    let mut places: Vec<(PathBuf, VenvKind, Found)> = Vec::new();
    let mut issues = Vec::new();
    if let Some((dir, rule)) = tool_dir(env) {
        let found = Found {
            layer: None,
            rule: rule.to_string(),
        };
        if let Ok(children) = std::fs::read_dir(&dir) {
            let mut tools: Vec<PathBuf> = children
                .flatten()
                .map(|c| c.path())
                .filter(|p| p.join("pyvenv.cfg").is_file())
                .collect();
            tools.sort();
            places.extend(
                tools
                    .into_iter()
                    .map(|p| (p, VenvKind::Tool, found.clone())),
            );
        }
    }
    if let Some(path) = virtual_env(env) {
        let kind = kind_of(&path);
        places.push((
            path,
            kind,
            Found {
                layer: None,
                rule: "VIRTUAL_ENV".into(),
            },
        ));
    }
    if let Some(path) = nearest_dot_venv(env, |p| p.join("pyvenv.cfg").is_file()) {
        places.push((
            path,
            VenvKind::Project,
            Found {
                layer: None,
                rule: ".venv above the working directory".into(),
            },
        ));
    }
    places.extend(cached(root, entries));
    for pattern in config.environment_patterns() {
        let source = pattern.origin.source_or_layer();
        let found = Found {
            layer: Some(pattern.origin.layer),
            rule: format!("{} ({source})", pattern.pattern),
        };
        let matched = expand(&pattern, env, &mut issues);
        let literal = !has_magic(&pattern.pattern);
        let mut any = false;
        for dir in matched {
            if dir.join("pyvenv.cfg").is_file() {
                any = true;
                let kind = kind_of(&dir);
                places.push((dir, kind, found.clone()));
            } else if literal {
                any = true;
                issues.push(format!(
                    "`{}` is not a Python environment (no pyvenv.cfg); named in {source}",
                    dir.display(),
                ));
            }
        }
        if !any {
            issues.push(format!(
                "`{}` matched no Python environment; named in {source}",
                pattern.pattern
            ));
        }
    }
    let mut seen = HashSet::new();
    let places: Vec<_> = places
        .into_iter()
        .filter(|(path, ..)| seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone())))
        .collect();
    let venvs = read_all(places);
    Discovery { venvs, issues }
}

/// Reads environments on a few threads: each is a directory listing plus a few small files per
/// distribution, so latency, not CPU, bounds it.
fn read_all(places: Vec<(PathBuf, VenvKind, Found)>) -> Vec<Venv> {
    let threads = crate::scan::default_threads().min(places.len().max(1));
    let chunk = places.len().div_ceil(threads).max(1);
    let places: Vec<_> = places.chunks(chunk).map(<[_]>::to_vec).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = places
            .into_iter()
            .map(|part| {
                scope.spawn(move || {
                    part.into_iter()
                        .map(|(path, kind, found)| read(&path, kind, found))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// uv's tool directory and the rule that gives it: `UV_TOOL_DIR`, else uv's state directory
/// (a legacy platform folder when it exists, else `$XDG_DATA_HOME/uv`, else
/// `~/.local/share/uv`; `%APPDATA%\uv` on Windows), then `tools`.
fn tool_dir(env: &Environment) -> Option<(PathBuf, &'static str)> {
    if let Some(dir) = env.var("UV_TOOL_DIR").filter(|v| !v.is_empty()) {
        return Some((env.absolutize(Path::new(dir)), "UV_TOOL_DIR"));
    }
    if cfg!(windows) {
        let app_data = env.app_data()?;
        let legacy = app_data.join("uv").join("data");
        if legacy.is_dir() {
            return Some((legacy.join("tools"), "%APPDATA%\\uv\\data\\tools"));
        }
        return Some((app_data.join("uv").join("tools"), "%APPDATA%\\uv\\tools"));
    }
    let home = env.home_dir();
    if cfg!(target_os = "macos")
        && let Some(legacy) = home
            .as_ref()
            .map(|h| h.join("Library/Application Support/uv"))
            .filter(|d| d.is_dir())
    {
        return Some((
            legacy.join("tools"),
            "~/Library/Application Support/uv/tools",
        ));
    }
    if let Some(data) = env.absolute_path_var("XDG_DATA_HOME") {
        return Some((data.join("uv").join("tools"), "$XDG_DATA_HOME/uv/tools"));
    }
    Some((
        home?.join(".local/share/uv/tools"),
        "~/.local/share/uv/tools",
    ))
}

/// uv's cached environments: each `environments-vN` entry is a link to an archive holding a
/// virtual environment. Only links that stay inside the root are read.
fn cached(root: &Path, entries: &[Entry]) -> Vec<(PathBuf, VenvKind, Found)> {
    let Ok(canonical_root) = std::fs::canonicalize(root) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|e| e.kind == EntryKind::Environment)
        .map(|e| root.join(&e.path))
        .filter(|p| {
            std::fs::canonicalize(p).is_ok_and(|c| c.starts_with(&canonical_root))
                && p.join("pyvenv.cfg").is_file()
        })
        .map(|p| {
            (
                p,
                VenvKind::Cached,
                Found {
                    layer: None,
                    rule: "cache".into(),
                },
            )
        })
        .collect()
}

/// `project` for a `.venv` with a `pyproject.toml` beside it, else `venv`.
fn kind_of(path: &Path) -> VenvKind {
    let project = path.file_name().is_some_and(|n| n == ".venv")
        && path
            .parent()
            .is_some_and(|p| p.join("pyproject.toml").is_file());
    if project {
        VenvKind::Project
    } else {
        VenvKind::Venv
    }
}

fn has_magic(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// The directories a pattern names: `~` expanded, relative to its base, wildcards matched one
/// component at a time; bounded as the module says.
fn expand(
    pattern: &EnvironmentPattern,
    env: &Environment,
    issues: &mut Vec<String>,
) -> Vec<PathBuf> {
    let text = pattern.pattern.as_str();
    let path = match text.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '\\']) => match env.home_dir() {
            Some(home) => home.join(rest.trim_start_matches(['/', '\\'])),
            None => {
                issues.push(format!("`{text}`: no home directory to expand `~`"));
                return Vec::new();
            }
        },
        _ => pattern.base.join(text),
    };
    let mut current = vec![PathBuf::new()];
    let mut visits = 0usize;
    for component in path.components() {
        let part = match component {
            Component::Normal(p) => p.to_string_lossy().into_owned(),
            other => {
                for c in &mut current {
                    c.push(other.as_os_str());
                }
                continue;
            }
        };
        let mut next = Vec::new();
        if part == "**" {
            for dir in current {
                descend(&dir, 0, &mut HashSet::new(), &mut next, &mut visits, issues);
            }
        } else if has_magic(&part) {
            let Ok(glob) = glob::Pattern::new(&part) else {
                issues.push(format!("`{text}`: `{part}` is not a valid glob"));
                return Vec::new();
            };
            for dir in current {
                visits += 1;
                let children = match std::fs::read_dir(&dir) {
                    Ok(c) => c,
                    Err(e) => {
                        if e.kind() != std::io::ErrorKind::NotFound {
                            issues.push(format!("cannot read `{}`: {e}", dir.display()));
                        }
                        continue;
                    }
                };
                let mut names: Vec<PathBuf> = children
                    .flatten()
                    .filter(|c| {
                        let name = c.file_name();
                        let name = name.to_string_lossy();
                        (part.starts_with('.') || !name.starts_with('.')) && glob.matches(&name)
                    })
                    .map(|c| c.path())
                    .filter(|p| p.is_dir())
                    .collect();
                names.sort();
                next.extend(names);
            }
        } else {
            next = current.into_iter().map(|c| c.join(&part)).collect();
        }
        current = next;
        if visits > MAX_VISITS {
            issues.push(format!(
                "`{text}`: stopped after reading {MAX_VISITS} directories"
            ));
            break;
        }
    }
    current.retain(|p| p.is_dir());
    current
}

/// `**`: `dir` and every directory below it, at most [`MAX_DEPTH`] levels down, never through
/// a symlink nor into hidden directories (`.git`; a following `.venv` is joined literally),
/// each directory once.
fn descend(
    dir: &Path,
    depth: usize,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    visits: &mut usize,
    issues: &mut Vec<String>,
) {
    // Directories are entered by their real path once: with symlinks never descended, only
    // the starting directory can be one, and this stops a tree reached twice.
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !real.is_dir() || !seen.insert(real) || *visits > MAX_VISITS {
        return;
    }
    out.push(dir.to_path_buf());
    // An environment's own tree is not searched for more environments.
    if depth >= MAX_DEPTH || dir.join("pyvenv.cfg").is_file() {
        return;
    }
    *visits += 1;
    let children = match std::fs::read_dir(dir) {
        Ok(c) => c,
        Err(e) => {
            issues.push(format!("cannot read `{}`: {e}", dir.display()));
            return;
        }
    };
    let mut dirs: Vec<PathBuf> = children
        .flatten()
        .filter(|c| {
            c.file_type().is_ok_and(|t| t.is_dir())
                && !c.file_name().to_string_lossy().starts_with('.')
        })
        .map(|c| c.path())
        .collect();
    dirs.sort();
    for child in dirs {
        descend(&child, depth + 1, seen, out, visits, issues);
    }
}
