//! Discovery of the configuration files uv reads, and of uvcache's own.
//!
//! uv's rules (docs/design.md#configuration-files-uv-reads): `UV_CONFIG_FILE` alone if set; nothing if `UV_NO_CONFIG`; else the
//! nearest project file walking up from the working directory (`uv.toml` beats a
//! `pyproject.toml` in the same directory, and a `pyproject.toml` counts only with `[tool.uv]`),
//! then the user file, then the system file unless `UV_NO_SYSTEM_CONFIG`.

use std::path::{Path, PathBuf};

use figment::value::Dict;

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
}

/// Reads and parses a TOML file into a figment dictionary, naming the file in errors.
fn read_toml(path: &Path) -> Result<Dict> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::ConfigRead {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str::<Dict>(&text).map_err(|e| Error::ConfigSyntax {
        path: path.to_path_buf(),
        // A syntax error quotes the line: a secret pasted there must not reach the output.
        message: crate::config::secret::redact(e.to_string().trim_end()),
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
        let table = read_toml(&path)?;
        return Ok(vec![ConfigFile {
            layer: Layer::ConfigFile,
            path,
            table,
        }]);
    }
    if env.flag_var("UV_NO_CONFIG") == Some(true) {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    if env.flag_var("UV_NO_SYSTEM_CONFIG") != Some(true)
        && let Some(path) = system_file(env)
    {
        files.push(ConfigFile {
            layer: Layer::System,
            table: read_toml(&path)?,
            path,
        });
    }
    if let Some(path) = user_config_dir(env).map(|d| d.join("uv").join("uv.toml"))
        && path.is_file()
    {
        files.push(ConfigFile {
            layer: Layer::User,
            table: read_toml(&path)?,
            path,
        });
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
            let table = read_toml(&uv_toml)?;
            return Ok(Some(ConfigFile {
                layer: Layer::Project,
                path: uv_toml,
                table,
            }));
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() {
            let doc = read_toml(&pyproject)?;
            if let Some(table) = tool_table(&doc, "uv") {
                return Ok(Some(ConfigFile {
                    layer: Layer::Project,
                    path: pyproject,
                    table,
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
        files.push(ConfigFile {
            layer: Layer::UvcacheUser,
            table: read_toml(&path)?,
            path,
        });
    }
    for dir in env.cwd().ancestors() {
        let own = dir.join("uvcache.toml");
        if own.is_file() {
            files.push(ConfigFile {
                layer: Layer::UvcacheProject,
                table: read_toml(&own)?,
                path: own,
            });
            break;
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file()
            && let Some(table) = tool_table(&read_toml(&pyproject)?, "uvcache")
        {
            files.push(ConfigFile {
                layer: Layer::UvcacheProject,
                table,
                path: pyproject,
            });
            break;
        }
    }
    Ok(files)
}
