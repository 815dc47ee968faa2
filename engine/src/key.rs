//! The cache key uv computes for a local project directory (docs/design.md#cache-key-of-a-local-project), and whether it changed.
//!
//! uv stores this key (`CacheInfo`) beside what it built from a local directory and in the
//! installed distribution; when a freshly computed key differs in any part, the build is stale
//! and `uv pip install` / `uv sync` rebuild. The parts, as uv defines them:
//! - `timestamp`: the newest change time (ctime on Unix, so `touch` and `chmod` count) of the
//!   files the `file` keys match; missing files are skipped;
//! - `commit` and `tags` of the git repository (`git = true` or `{ commit, tags }`);
//! - `env`: each named variable's value;
//! - `directories`: each `dir` key's creation time (or inode), which changes only when the
//!   directory is made again, not when its contents change.
//!
//! The keys are `[tool.uv] cache-keys` in `pyproject.toml`, which replace the defaults
//! (`pyproject.toml`, `setup.py`, `setup.cfg`, `{ dir = "src" }`); an unreadable
//! `pyproject.toml` means the defaults, as in uv. A project named in `reinstall-package` (or
//! with `reinstall = true`) is rebuilt every time whatever its key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::environment::Environment;
use crate::error::{Error, KeyEntryProblem, KeyFailure, Result};

/// One `cache-keys` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheKey {
    /// A file path or glob.
    File(String),
    /// A directory whose creation is tracked.
    Dir(String),
    /// The repository's commit and/or tags.
    Git { commit: bool, tags: bool },
    /// An environment variable.
    Env(String),
}

/// One part of the computed key, with its current value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    /// `timestamp`, `commit`, `tags`, `env:<NAME>`, `dir:<path>`: the part of uv's key.
    pub name: String,
    /// Its value as text (`None`: absent: no matching file, no repository, unset variable).
    pub value: Option<String>,
    /// For `timestamp`, the files that were matched.
    #[serde(default)]
    pub files: Vec<String>,
}

/// The key of a project directory.
#[derive(Debug, Clone)]
pub struct ProjectKey {
    /// The project directory.
    pub path: PathBuf,
    /// `[project] name`, normalized, when readable.
    pub project: Option<String>,
    /// Whether the keys came from `tool.uv.cache-keys` (else uv's defaults).
    pub configured: bool,
    /// The keys that were evaluated.
    pub keys: Vec<CacheKey>,
    /// uv's key, part by part.
    pub components: Vec<Component>,
    /// The newest change time among the matched files.
    pub timestamp: Option<SystemTime>,
    /// A digest of all components: equal digests, equal keys.
    pub digest: String,
    /// The project is rebuilt on every install (`reinstall-package`, `reinstall = true`).
    pub always_rebuild: bool,
}

/// What `--compare` found.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The names of the components whose values differ (added or removed ones included).
    pub changed: Vec<String>,
    /// Whether uv would rebuild: something changed, or the project is always rebuilt.
    pub rebuild: bool,
}

impl ProjectKey {
    /// Compares with previously saved components.
    pub fn compare(&self, saved: &[Component]) -> Comparison {
        let now: BTreeMap<&str, &Option<String>> = self
            .components
            .iter()
            .map(|c| (c.name.as_str(), &c.value))
            .collect();
        let before: BTreeMap<&str, &Option<String>> =
            saved.iter().map(|c| (c.name.as_str(), &c.value)).collect();
        let mut changed: Vec<String> = now
            .keys()
            .chain(before.keys())
            .filter(|name| now.get(*name) != before.get(*name))
            .map(|name| name.to_string())
            .collect();
        changed.sort();
        changed.dedup();
        Comparison {
            rebuild: self.always_rebuild || !changed.is_empty(),
            changed,
        }
    }
}

/// The default keys, used when `cache-keys` is absent.
pub fn default_keys() -> Vec<CacheKey> {
    vec![
        CacheKey::File("pyproject.toml".into()),
        CacheKey::File("setup.py".into()),
        CacheKey::File("setup.cfg".into()),
        CacheKey::Dir("src".into()),
    ]
}

/// Computes the key of the project at `dir`.
pub fn compute(env: &Environment, dir: &Path) -> Result<ProjectKey> {
    let dir = env.absolutize(dir);
    let fail = |reason: KeyFailure| Error::Key {
        path: dir.clone(),
        reason,
    };
    if !dir.is_dir() {
        return Err(fail(KeyFailure::NotADirectory));
    }
    let settings = ProjectSettings::read(&dir).map_err(fail)?;
    let (newest, mut components) = components(env, &dir, &settings.keys);
    let (timestamp, files) = newest;
    components.insert(
        0,
        Component {
            name: "timestamp".into(),
            value: timestamp.map(stamp),
            files,
        },
    );
    let mut hasher = Sha256::new();
    for c in &components {
        hasher.update(c.name.as_bytes());
        hasher.update([0]);
        hasher.update(c.value.as_deref().unwrap_or("\u{0}none").as_bytes());
        hasher.update([0]);
    }
    Ok(ProjectKey {
        path: dir,
        project: settings.project,
        configured: settings.configured,
        keys: settings.keys,
        components,
        timestamp,
        digest: crate::text::hex(&hasher.finalize()[..8]),
        always_rebuild: settings.always_rebuild,
    })
}

/// What a project's `pyproject.toml` says about its key.
struct ProjectSettings {
    /// `[project] name`, normalized.
    project: Option<String>,
    keys: Vec<CacheKey>,
    /// Whether `cache-keys` is set (else the defaults).
    configured: bool,
    /// `reinstall = true`, or `reinstall-package` naming the project.
    always_rebuild: bool,
}

impl ProjectSettings {
    fn read(dir: &Path) -> std::result::Result<ProjectSettings, KeyFailure> {
        let pyproject = std::fs::read_to_string(dir.join("pyproject.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok());
        let uv = pyproject
            .as_ref()
            .and_then(|t| t.get("tool"))
            .and_then(|t| t.get("uv"));
        let project = pyproject
            .as_ref()
            .and_then(|t| t.get("project"))
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(crate::cache::names::normalize_name);
        let (keys, configured) = match uv.and_then(|uv| uv.get("cache-keys")) {
            Some(value) => (parse_keys(value)?, true),
            None => (default_keys(), false),
        };
        let names_project = |names: &Vec<toml::Value>| {
            let project = project.as_deref();
            names
                .iter()
                .filter_map(|n| n.as_str())
                .any(|n| project == Some(crate::cache::names::normalize_name(n).as_str()))
        };
        let always_rebuild = uv.is_some_and(|uv| {
            uv.get("reinstall").and_then(|r| r.as_bool()) == Some(true)
                || uv
                    .get("reinstall-package")
                    .and_then(|r| r.as_array())
                    .is_some_and(names_project)
        });
        Ok(ProjectSettings {
            project,
            keys,
            configured,
            always_rebuild,
        })
    }
}

/// The newest change time among the files the keys match (and those files, as shown), and a
/// component for every other key.
type Newest = (Option<SystemTime>, Vec<String>);

fn components(env: &Environment, dir: &Path, keys: &[CacheKey]) -> (Newest, Vec<Component>) {
    let component = |name: String, value: Option<String>| Component {
        name,
        value,
        files: Vec::new(),
    };
    let mut newest: Option<SystemTime> = None;
    let mut files = Vec::new();
    let mut components = Vec::new();
    for key in keys {
        match key {
            CacheKey::File(pattern) => {
                for (time, shown) in matched_files(dir, pattern) {
                    if newest.is_none_or(|t| time > t) {
                        newest = Some(time);
                    }
                    files.push(shown);
                }
            }
            CacheKey::Dir(path) => components.push(component(
                format!("dir:{path}"),
                directory_stamp(&dir.join(path)),
            )),
            CacheKey::Git { commit, tags } => {
                let repo = gix::discover(dir).ok();
                if *commit {
                    let head = repo.as_ref().and_then(|r| r.head_id().ok());
                    components.push(component("commit".into(), head.map(|id| id.to_string())));
                }
                if *tags {
                    components.push(component("tags".into(), repo.as_ref().and_then(tag_list)));
                }
            }
            CacheKey::Env(name) => components.push(component(
                format!("env:{name}"),
                env.var(name).map(str::to_string),
            )),
        }
    }
    files.sort();
    files.dedup();
    ((newest, files), components)
}

/// The regular files `pattern` matches below `dir`: change time and path as shown.
fn matched_files(dir: &Path, pattern: &str) -> Vec<(SystemTime, String)> {
    matching_files(dir, pattern)
        .into_iter()
        .filter_map(|file| {
            let meta = std::fs::metadata(&file).ok().filter(|m| m.is_file())?;
            let shown = file
                .strip_prefix(dir)
                .unwrap_or(&file)
                .display()
                .to_string();
            Some((change_time(&meta), shown))
        })
        .collect()
}

/// Parses `cache-keys`, naming the offending entry.
fn parse_keys(value: &toml::Value) -> std::result::Result<Vec<CacheKey>, KeyFailure> {
    let list = value.as_array().ok_or(KeyFailure::NotAnArray)?;
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let bad = |problem| KeyFailure::Entry {
                index: i + 1,
                problem,
            };
            if let Some(path) = item.as_str() {
                return Ok(CacheKey::File(path.to_string()));
            }
            let table = item
                .as_table()
                .ok_or_else(|| bad(KeyEntryProblem::NotStringOrTable))?;
            if let Some(file) = table.get("file") {
                return file
                    .as_str()
                    .map(|f| CacheKey::File(f.to_string()))
                    .ok_or_else(|| bad(KeyEntryProblem::NotAString("file")));
            }
            if let Some(dir) = table.get("dir") {
                return dir
                    .as_str()
                    .map(|d| CacheKey::Dir(d.to_string()))
                    .ok_or_else(|| bad(KeyEntryProblem::NotAString("dir")));
            }
            if let Some(env) = table.get("env") {
                return env
                    .as_str()
                    .map(|e| CacheKey::Env(e.to_string()))
                    .ok_or_else(|| bad(KeyEntryProblem::NotAString("env")));
            }
            match table.get("git") {
                Some(toml::Value::Boolean(true)) => Ok(CacheKey::Git {
                    commit: true,
                    tags: false,
                }),
                Some(toml::Value::Boolean(false)) => Ok(CacheKey::Git {
                    commit: false,
                    tags: false,
                }),
                Some(toml::Value::Table(git)) => {
                    let flag = |k: &str| git.get(k).and_then(toml::Value::as_bool).unwrap_or(false);
                    Ok(CacheKey::Git {
                        commit: flag("commit"),
                        tags: flag("tags"),
                    })
                }
                Some(_) => Err(bad(KeyEntryProblem::BadGit)),
                None => Err(bad(KeyEntryProblem::UnknownKind)),
            }
        })
        .collect()
}

/// The regular files a `file` key names: a plain path, or a glob when it has `* ? [ {`
/// (braces are expanded first; the `glob` crate has none).
fn matching_files(dir: &Path, pattern: &str) -> Vec<PathBuf> {
    if !pattern.contains(['*', '?', '[', '{']) {
        return vec![dir.join(pattern)];
    }
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let base = glob::Pattern::escape(&dir.to_string_lossy());
    expand_braces(pattern)
        .iter()
        .filter_map(|p| glob::glob_with(&format!("{base}/{p}"), options).ok())
        .flat_map(|paths| paths.filter_map(std::result::Result::ok))
        .collect()
}

/// `a/{b,c}/*.py` → `a/b/*.py`, `a/c/*.py` (nested braces expand too).
fn expand_braces(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else {
        return vec![pattern.to_string()];
    };
    let mut depth = 0;
    let mut close = None;
    let mut splits = Vec::new();
    for (i, c) in pattern[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            ',' if depth == 1 => splits.push(open + i),
            _ => {}
        }
    }
    let Some(close) = close else {
        return vec![pattern.to_string()];
    };
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    let mut bounds = vec![open];
    bounds.extend(&splits);
    bounds.push(close);
    bounds
        .windows(2)
        .flat_map(|w| expand_braces(&format!("{head}{}{tail}", &pattern[w[0] + 1..w[1]])))
        .collect()
}

/// uv's `Timestamp`: the change time on Unix (every metadata change counts), else the
/// modification time.
fn change_time(meta: &std::fs::Metadata) -> SystemTime {
    crate::os::meta::Meta::of_std(meta).changed()
}

fn stamp(time: SystemTime) -> String {
    let d = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    format!("{}.{:09}", d.as_secs(), d.subsec_nanos())
}

/// A directory's creation time, or its inode where creation times are not recorded.
fn directory_stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    if let Ok(created) = meta.created() {
        return Some(format!("created {}", stamp(created)));
    }
    let inode = crate::os::meta::Meta::of_std(&meta).ino;
    (inode != 0).then(|| format!("inode {inode}"))
}

/// `name=id` for every tag, sorted, one per line.
fn tag_list(repo: &gix::Repository) -> Option<String> {
    let references = repo.references().ok()?;
    let mut tags: Vec<String> = references
        .tags()
        .ok()?
        .filter_map(std::result::Result::ok)
        .filter_map(|r| {
            let id = r.target().try_id()?.to_string();
            Some(format!("{}={id}", r.name().shorten()))
        })
        .collect();
    tags.sort();
    Some(tags.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_expand_and_keys_parse_with_positions() {
        assert_eq!(
            expand_braces("src/{a,b/{c,d}}/*.py"),
            ["src/a/*.py", "src/b/c/*.py", "src/b/d/*.py"]
        );
        let keys: toml::Value = toml::from_str::<toml::Table>(
            "k = [\"a.txt\", { file = \"b/*.py\" }, { dir = \"src\" }, { git = { commit = true, tags = true } }, { env = \"X\" }]",
        )
        .unwrap()["k"]
            .clone();
        assert_eq!(
            parse_keys(&keys).unwrap(),
            [
                CacheKey::File("a.txt".into()),
                CacheKey::File("b/*.py".into()),
                CacheKey::Dir("src".into()),
                CacheKey::Git {
                    commit: true,
                    tags: true
                },
                CacheKey::Env("X".into()),
            ]
        );
        let bad: toml::Value =
            toml::from_str::<toml::Table>("k = [\"a\", { nope = 1 }]").unwrap()["k"].clone();
        let error = parse_keys(&bad).unwrap_err();
        assert!(
            matches!(
                error,
                KeyFailure::Entry {
                    index: 2,
                    problem: KeyEntryProblem::UnknownKind
                }
            ),
            "{error}"
        );
        assert!(error.to_string().contains("entry 2"), "{error}");
    }

    #[test]
    fn defaults_track_pyproject_and_src_and_compare_names_the_change() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("pyproject.toml"),
            "[project]\nname = \"P_q\"\n",
        )
        .unwrap();
        let env = Environment::new(tmp.path());
        let first = compute(&env, tmp.path()).unwrap();
        assert!(!first.configured);
        assert_eq!(first.project.as_deref(), Some("p-q"));
        assert_eq!(first.components[0].files, ["pyproject.toml"]);
        let same = compute(&env, tmp.path()).unwrap();
        assert_eq!(same.digest, first.digest);
        assert!(!same.compare(&first.components).rebuild);
        std::fs::create_dir(tmp.path().join("src")).unwrap();
        std::fs::write(tmp.path().join("untracked.py"), "").unwrap();
        let later = compute(&env, tmp.path()).unwrap();
        assert_eq!(later.compare(&first.components).changed, ["dir:src"]);
    }
}
