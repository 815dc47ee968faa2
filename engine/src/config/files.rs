//! Discovery of the configuration files uv reads, and of uvcache's own.
//!
//! uv's rules (docs/design.md#configuration-files-uv-reads): `UV_CONFIG_FILE` alone if set; nothing if `UV_NO_CONFIG`; else the
//! nearest project file walking up from the working directory (`uv.toml` beats a
//! `pyproject.toml` in the same directory, and a `pyproject.toml` counts only with `[tool.uv]`),
//! then the user file, then the system file unless `UV_NO_SYSTEM_CONFIG`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use figment::value::Dict;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::Layer;
use crate::config::dirs::user_config_dir;
use crate::config::environment::Environment;
use crate::error::{Error, Result};

/// One configuration file that was found, with the table of settings it contributes.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// Which layer the file belongs to.
    pub layer: Layer,
    /// The file on disk.
    pub path: PathBuf,
    /// The settings table (for `pyproject.toml`, the `[tool.uv]` or `[tool.uvcache]` table).
    pub table: Dict,
    /// The file's text, as read once: what reads a part of it with positions (`[policy]`)
    /// reads this.
    pub text: Arc<str>,
}

/// A `pyproject.toml`'s `[tool]` table, with only the tool `T` reads.
#[derive(Deserialize)]
struct Tools<T> {
    tool: Option<UvcacheTool<T>>,
}

#[derive(Deserialize)]
struct UvcacheTool<T> {
    uvcache: Option<T>,
}

impl ConfigFile {
    /// uvcache's settings in this file (one of [`uvcache_files`]), read as `T` from its text:
    /// the whole of a `uvcache.toml` or `config.toml`, `[tool.uvcache]` of a `pyproject.toml`
    /// (which [`uvcache_files`] keeps only when that is a table).
    pub fn uvcache_part<T: DeserializeOwned>(
        &self,
    ) -> std::result::Result<Option<T>, toml::de::Error> {
        if is_pyproject(&self.path) {
            let tools: Tools<T> = toml::from_str(&self.text)?;
            Ok(tools.tool.and_then(|t| t.uvcache))
        } else {
            toml::from_str(&self.text).map(Some)
        }
    }
}

fn is_pyproject(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "pyproject.toml")
}

/// A file's text, naming the file when it cannot be read.
fn read_text(path: &Path) -> Result<Arc<str>> {
    std::fs::read_to_string(path)
        .map(Arc::from)
        .map_err(|source| Error::ConfigRead {
            path: path.to_path_buf(),
            source,
        })
}

/// A syntax error of `path`, its quoted line redacted: a secret pasted there must not reach
/// the output.
fn syntax_error(path: &Path, e: &toml::de::Error) -> Error {
    Error::ConfigSyntax {
        path: path.to_path_buf(),
        message: crate::config::secret::redact(e.to_string().trim_end()),
    }
}

/// Reads and parses a TOML file into a figment dictionary (and its text), naming the file in
/// errors.
fn read_toml(path: &Path) -> Result<(Dict, Arc<str>)> {
    let text = read_text(path)?;
    let table = toml::from_str::<Dict>(&text).map_err(|e| syntax_error(path, &e))?;
    Ok((table, text))
}

/// A file of uv's: its settings table (`table` of the whole file picks `[tool.uv]` of a
/// `pyproject.toml`).
fn uv_file(layer: Layer, path: PathBuf) -> Result<ConfigFile> {
    let (table, text) = read_toml(&path)?;
    Ok(ConfigFile {
        layer,
        path,
        table,
        text,
    })
}

/// The `[tool.<name>]` table of a parsed `pyproject.toml`, if present.
fn tool_table(doc: &Dict, name: &str) -> Option<Dict> {
    doc.get("tool")?.as_dict()?.get(name)?.as_dict().cloned()
}

/// The files of uv's own configuration, lowest precedence first.
pub fn uv_files(env: &Environment) -> Result<Vec<ConfigFile>> {
    if let Some(explicit) = env.var("UV_CONFIG_FILE") {
        let path = env.absolutize(Path::new(explicit));
        return Ok(vec![uv_file(Layer::ConfigFile, path)?]);
    }
    if env.flag_var("UV_NO_CONFIG") == Some(true) {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    if env.flag_var("UV_NO_SYSTEM_CONFIG") != Some(true)
        && let Some(path) = system_file(env)
    {
        files.push(uv_file(Layer::System, path)?);
    }
    if let Some(path) = user_config_dir(env).map(|d| d.join("uv").join("uv.toml"))
        && path.is_file()
    {
        files.push(uv_file(Layer::User, path)?);
    }
    if let Some(project) = uv_project_file(env.cwd())? {
        files.push(project);
    }
    Ok(files)
}

fn system_file(env: &Environment) -> Option<PathBuf> {
    if cfg!(windows) {
        let drive = env.var("SYSTEMDRIVE").unwrap_or("C:");
        let path = PathBuf::from(format!("{drive}\\ProgramData\\uv\\uv.toml"));
        return path.is_file().then_some(path);
    }
    let dirs = env.var("XDG_CONFIG_DIRS").unwrap_or("/etc/xdg");
    std::env::split_paths(dirs)
        .filter(|d| d.is_absolute())
        .map(|d| d.join("uv").join("uv.toml"))
        .chain(std::iter::once(PathBuf::from("/etc/uv/uv.toml")))
        .find(|p| p.is_file())
}

/// The nearest `uv.toml`, or `pyproject.toml` with `[tool.uv]`, walking up from `start`.
fn uv_project_file(start: &Path) -> Result<Option<ConfigFile>> {
    for dir in start.ancestors() {
        let uv_toml = dir.join("uv.toml");
        if uv_toml.is_file() {
            return uv_file(Layer::Project, uv_toml).map(Some);
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() {
            let (doc, text) = read_toml(&pyproject)?;
            if let Some(table) = tool_table(&doc, "uv") {
                return Ok(Some(ConfigFile {
                    layer: Layer::Project,
                    path: pyproject,
                    table,
                    text,
                }));
            }
        }
    }
    Ok(None)
}

/// uvcache's own files: `<config dir>/uvcache/config.toml`, then the nearest `uvcache.toml`
/// (or `pyproject.toml` with `[tool.uvcache]`) walking up from the working directory.
pub fn uvcache_files(env: &Environment) -> Result<Vec<ConfigFile>> {
    let mut files = Vec::new();
    if let Some(path) = user_config_dir(env).map(|d| d.join("uvcache").join("config.toml"))
        && path.is_file()
    {
        files.extend(uvcache_file(Layer::UvcacheUser, path)?);
    }
    for dir in env.cwd().ancestors() {
        let own = dir.join("uvcache.toml");
        let pyproject = dir.join("pyproject.toml");
        let found = if own.is_file() {
            uvcache_file(Layer::UvcacheProject, own)?
        } else if pyproject.is_file() {
            uvcache_file(Layer::UvcacheProject, pyproject)?
        } else {
            None
        };
        if found.is_some() {
            files.extend(found);
            break;
        }
    }
    Ok(files)
}

/// A file of uvcache's, if it has uvcache's settings: the whole of a `uvcache.toml` or
/// `config.toml`, `[tool.uvcache]` of a `pyproject.toml` when that is a table (a `tool` or
/// `tool.uvcache` of another type holds none: the file is passed over).
fn uvcache_file(layer: Layer, path: PathBuf) -> Result<Option<ConfigFile>> {
    let (doc, text) = read_toml(&path)?;
    let table = if is_pyproject(&path) {
        tool_table(&doc, "uvcache")
    } else {
        Some(doc)
    };
    Ok(table.map(|table| ConfigFile {
        layer,
        path,
        table,
        text,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `pyproject.toml` whose `tool` or `tool.uvcache` is not a table is passed over, and the
    /// walk up finds the `uvcache.toml` above it, as for a file without uvcache's settings.
    #[test]
    fn a_pyproject_without_a_uvcache_table_is_passed_over() {
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join("work");
        let project = work.join("project");
        std::fs::create_dir_all(&project).unwrap();
        std::fs::write(work.join("uvcache.toml"), "uv-version = \"0.11.33\"\n").unwrap();
        let env = Environment::new(&project).with_var("HOME", tmp.path().to_string_lossy());
        for text in [
            "tool = \"x\"\n",
            "[tool]\nuvcache = 3\n",
            "[[tool.uvcache]]\nx = 1\n",
        ] {
            std::fs::write(project.join("pyproject.toml"), text).unwrap();
            let files = uvcache_files(&env).unwrap();
            let paths: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
            assert_eq!(paths, [work.join("uvcache.toml")], "{text}");
        }
        std::fs::write(
            project.join("pyproject.toml"),
            "[tool.uvcache]\nuv-version = \"0.13.9\"\n",
        )
        .unwrap();
        let files = uvcache_files(&env).unwrap();
        assert_eq!(files[0].path, project.join("pyproject.toml"));
        assert_eq!(files[0].table["uv-version"].as_str(), Some("0.13.9"));
    }
}
