//! Python environments and the cache entries they use, found without running Python.
//!
//! uv links (or copies) files out of the cache into environments, and an environment never
//! needs the cache again at run time; but users want to know what an environment would have
//! to download again, and which entries nothing uses any more. The parts:
//!
//! - `discover`: where environments are: uv's tool directory, `$VIRTUAL_ENV`, the nearest
//!   `.venv` above the working directory, uv's cached environments inside the cache, and the
//!   places the user names (`environments` in the configuration layers), with bounded globs.
//! - `read`: one environment from its files: `pyvenv.cfg` and `site-packages/*.dist-info`.
//! - `usage`: which entries each environment uses, proven by a shared inode (`hardlink`) or
//!   shown by package, version and kind of source (`version`).

mod discover;
pub mod linked;
mod read;
mod usage;

use std::path::PathBuf;

use crate::cache::Inventory;
use crate::config::{Config, Layer};

pub use discover::{Discovery, active_venv, discover};
pub use read::read;
pub use usage::{Summary, annotate};

/// What kind of environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VenvKind {
    /// A tool installed with `uv tool install`.
    Tool,
    /// A project's `.venv` (a `pyproject.toml` beside it).
    Project,
    /// Any other virtual environment.
    Venv,
    /// An environment uv keeps inside its cache (`uv run --with`, `uvx`).
    Cached,
}

impl VenvKind {
    /// Stable lowercase name (a Nushell column value).
    pub fn name(self) -> &'static str {
        match self {
            VenvKind::Tool => "tool",
            VenvKind::Project => "project",
            VenvKind::Venv => "venv",
            VenvKind::Cached => "cached",
        }
    }
}

/// How an environment was found: the configuration layer (for places the user named) and the
/// rule, variable, file or pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The layer, when a configuration value named the place.
    pub layer: Option<Layer>,
    /// `UV_TOOL_DIR`, `VIRTUAL_ENV`, `.venv above the working directory`, `cache`, or the
    /// pattern and where it was written.
    pub rule: String,
}

/// Where an installed distribution came from, as its `direct_url.json` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DistOrigin {
    /// No `direct_url.json`: an index (PyPI or another).
    Registry,
    /// An archive URL.
    Url,
    /// A git (or other VCS) repository.
    Git,
    /// A local file or directory.
    Path,
    /// A local directory installed editable.
    Editable,
    /// A `direct_url.json` that could not be read: matches any source.
    Unknown,
}

/// One installed distribution (a `*.dist-info` directory).
#[derive(Debug, Clone)]
pub struct Dist {
    /// Normalized name.
    pub name: String,
    /// Version, as the directory name gives it.
    pub version: String,
    /// The `INSTALLER` file (`uv`, `pip`).
    pub installer: Option<String>,
    /// Where it came from.
    pub origin: DistOrigin,
    /// Whether uv built it from source (`uv_build.json`, written by uv's builds).
    pub built: bool,
    /// The `METADATA` file's identity, the file uv links from the cache's archive.
    pub metadata: Option<FileId>,
}

/// A file's identity on disk, and how many names it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    /// Device.
    pub dev: u64,
    /// Inode.
    pub ino: u64,
    /// Hard links.
    pub nlink: u64,
}

impl FileId {
    /// The identity of the file `meta` describes (`None` where the platform has no inodes).
    pub fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        let meta = crate::os::meta::Meta::of_std(meta);
        (meta.ino != 0).then_some(FileId {
            dev: meta.dev,
            ino: meta.ino,
            nlink: meta.nlink,
        })
    }
}

/// One Python environment.
#[derive(Debug, Clone)]
pub struct Venv {
    /// Its path, as found.
    pub path: PathBuf,
    /// What kind.
    pub kind: VenvKind,
    /// How it was found.
    pub found: Found,
    /// Python version (`version_info`, or `version` as `venv` writes it).
    pub python: Option<String>,
    /// The uv release that created it, if uv did.
    pub uv: Option<String>,
    /// Installed distributions.
    pub dists: Vec<Dist>,
    /// The device it lives on.
    pub device: Option<u64>,
    /// What could not be read, or what limits the evidence.
    pub problems: Vec<String>,
}

/// Discovers the environments the configuration and the caller's environment name, reads them,
/// and fills every inventory entry's `used_by`. Only commands that show or select on use call
/// this: it reads every environment's `site-packages`.
pub fn scan(config: &Config, inventory: &mut Inventory) -> (Discovery, Vec<Summary>) {
    let discovery = discover(config, &inventory.root, &inventory.entries);
    let summaries = annotate(&inventory.root, &mut inventory.entries, &discovery.venvs);
    (discovery, summaries)
}
#[cfg(test)]
mod tests;
