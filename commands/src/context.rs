//! What every command starts from: the caller's environment and flags, the configuration and
//! the resolved cache root.

use std::sync::Arc;

use uvcache::cache::Target;
use uvcache::cache::index::reader::{Answered, Reader};
use uvcache::cache::inventory::Inventory;
use uvcache::cache::layout::BucketSet;
use uvcache::cache::size::SizeReport;
use uvcache::config::{Config, Flags, FrontendSettings};
use uvcache::progress::Progress;
use uvcache::scan::Scan;
use uvcache::store::Store;
use uvcache::{CacheRoot, Environment};

use crate::error::{Blame, CommandError, Result};

/// Help texts of the flags every front end offers, so both say the same.
pub mod help {
    pub const CACHE_DIR: &str = "Path to the cache directory (as uv's --cache-dir).";
    pub const NO_CACHE: &str =
        "Use a temporary cache directory, removed afterwards (as uv's --no-cache).";
    pub const STORE_DIR: &str = "Path to uvcache's own store (HTTP fetches, git databases and \
                                 checkouts); default $XDG_CACHE_HOME/uvcache.";
    pub const STORE: &str = "Work on uvcache's own store instead of uv's cache.";
    pub const EXACT: &str = "Walk the whole cache instead of answering from its index in \
                             uvcache's store (which is checked against the disk first), and \
                             rewrite the index.";
    pub const UV_VERSION: &str = "The uv release to work for (default: UVCACHE_UV_VERSION, \
                                  uv-version in uvcache's config, the uv on PATH, else the \
                                  newest release whose buckets the cache holds).";
    pub const ENVIRONMENTS: &str = "More Python environments to read: paths or globs such as \
                                    ~/code/*/.venv (also UVCACHE_ENVIRONMENTS and `environments` \
                                    in uvcache's config); uv's tools, $VIRTUAL_ENV, the nearest \
                                    .venv and uv's cached environments are always read.";
    pub const REFRESH: &str =
        "Revalidate (fetch) or fetch again (git) even what is fresh in the store.";
    pub const REFRESH_PACKAGE: &str =
        "Refresh only entries of this package, or whose URL matches this glob (repeatable).";
    pub const OFFLINE: &str =
        "Never touch the network; serve what the store has (also UV_OFFLINE).";
    pub const UNPACK: &str = "Unpack a wheel into the store's archive instead of keeping the file.";
    pub const REV: &str = "Branch, tag, or short or full commit (default: the default branch).";
    pub const COMPARE: &str =
        "A saved `uvcache key` record: say which parts changed and whether uv would rebuild.";
    pub const COMPARE_FILE: &str = "A saved `uvcache key --format json` file: say which parts changed and whether uv would rebuild.";
    pub const REINSTALL_KEY: &str = "As uv's --reinstall: the package is rebuilt whatever its key.";
    pub const MODE: &str =
        "clone, hardlink, copy or symlink (default UV_LINK_MODE, else clone on Linux and macOS).";
    pub const REINSTALL_LINK: &str = "Replace files already in the destination.";
    pub const DRY_RUN: &str =
        "Return the plan (what would go, why, how many bytes), remove nothing.";
    pub const VERBOSE: &str = "Include the table of removed paths with their reasons.";
    pub const FORCE: &str =
        "Proceed without uv's lock if another uv process holds it (as uv's --force).";
    pub const ALLOW_NON_CACHE: &str =
        "Delete even in a directory that does not look like a uv cache.";
    pub const POLICY: &str = "Prune policy: a built-in name (default, ci, laptop, keep-expensive, unused) or a TOML file.";
    pub const MAX_SIZE: &str =
        "Evict least recently used entries while the cache is larger than this.";
    pub const OLDER_THAN: &str = "Evict entries unused for longer than this.";
    pub const KEEP_LATEST: &str = "Keep only the N newest versions of each package.";
    pub const CI: &str = "Also remove pre-built wheels and unpacked sources, keeping wheels built \
                          from source (as uv's --ci).";
    pub const AUTO: &str = "Prune with the effective policy at most once per interval, silently, \
                            skipping when uv holds the cache (for dotfiles and CI).";
    pub const INTERVAL: &str =
        "With --auto: the least time between two runs (default UVCACHE_AUTO_INTERVAL or 1 day).";
}

/// A ctrl-c check the engine polls.
pub type Interrupted = Arc<dyn Fn() -> bool + Send + Sync>;

/// The one channel for warnings, as cargo's `Shell` is one: a command says them here as it
/// finds them (its value stays right regardless), and the front end prints them once the
/// command is done.
#[derive(Clone, Default)]
pub struct Warnings(Arc<std::sync::Mutex<Vec<String>>>);

impl Warnings {
    pub fn say(&self, warning: impl Into<String>) {
        if let Ok(mut said) = self.0.lock() {
            said.push(warning.into());
        }
    }

    pub fn say_all<W: Into<String>>(&self, warnings: impl IntoIterator<Item = W>) {
        for warning in warnings {
            self.say(warning);
        }
    }

    /// What was said since the last call, oldest first.
    pub fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut said| std::mem::take(&mut *said))
            .unwrap_or_default()
    }
}

/// How a command was invoked, as the front end read it.
#[derive(Clone)]
pub struct Invocation {
    /// The caller's environment and working directory.
    pub env: Environment,
    /// `--cache-dir`, `--no-cache`.
    pub flags: Flags,
    /// The front end's own settings (Nushell plugin config).
    pub frontend: FrontendSettings,
    /// Worker threads for walks, if not the default.
    pub threads: Option<usize>,
    /// Polled during long operations.
    pub interrupted: Interrupted,
    /// `--store`: the command works on uvcache's own store instead of uv's cache.
    pub store: bool,
    /// Told how long walks and deletions get on (the CLI draws it on a terminal).
    pub progress: Arc<dyn Progress>,
    /// Where the command says its warnings; the front end prints them.
    pub warnings: Warnings,
    /// `--exact`: walk the whole cache instead of answering from its index (and rewrite it).
    pub exact: bool,
}

impl Invocation {
    /// An invocation in `env` with these flags, no front-end settings, never interrupted.
    pub fn new(env: Environment, flags: Flags) -> Invocation {
        Invocation {
            env,
            flags,
            frontend: FrontendSettings::default(),
            threads: None,
            interrupted: Arc::new(|| false),
            store: false,
            progress: uvcache::progress::silent(),
            warnings: Warnings::default(),
            exact: false,
        }
    }

    /// `--offline`, or `UV_OFFLINE` set true in the caller's environment (as uv reads it).
    pub fn offline(&self, network: &Network) -> bool {
        network.offline || self.env.flag_var("UV_OFFLINE") == Some(true)
    }

    /// What to blame for problems with the store directory: the flag if given.
    pub fn store_blame(&self) -> Blame {
        if self.flags.store_dir.is_some() {
            Blame::Flag("store-dir")
        } else {
            Blame::Call
        }
    }

    /// What to blame for problems with the cache directory: the flag if given.
    pub fn root_blame(&self) -> Blame {
        if self.flags.cache_dir.is_some() {
            Blame::Flag("cache-dir")
        } else {
            Blame::Call
        }
    }
}

/// A command's view of the cache: the configuration and the resolved root (uv's cache, or with
/// `--store` uvcache's own store).
pub struct Context {
    pub config: Config,
    pub root: CacheRoot,
    /// The layout of the root: the target release's buckets, or the store's.
    pub buckets: &'static BucketSet,
    /// The uv release the command works for (`None` with `--store`).
    pub target: Option<Target>,
    /// What to blame for problems with the root.
    pub root_blame: Blame,
    /// How the command was invoked: its threads, ctrl-c check, progress, warnings, `--exact`.
    pub invocation: Invocation,
    /// The folder of the cache's index in uvcache's store; `None` for the store itself, a
    /// temporary cache, or when no store can be resolved (answers then come from walks).
    pub index: Option<std::path::PathBuf>,
}

pub use uvcache::cache::index::reader::Freshness;

impl Context {
    /// Loads every configuration layer and resolves the cache root.
    pub fn load(invocation: &Invocation) -> Result<Context> {
        let (config, cache) = config_and_cache(invocation)?;
        let (root, buckets, root_blame, target) = if invocation.store {
            let store = store(&config, &cache, invocation)?;
            let mut root = CacheRoot::at(store.path());
            root.set_origin(store.origin().clone());
            (
                root,
                uvcache::store::buckets(),
                invocation.store_blame(),
                None,
            )
        } else {
            let target = target(&config, &cache, invocation)?;
            (
                cache,
                target.buckets(),
                invocation.root_blame(),
                Some(target),
            )
        };
        let index = if invocation.store || root.is_temporary() {
            None
        } else {
            match uvcache::store::resolve(&config, Some(root.path())) {
                Ok(store) => Some(store.path().join(uvcache::store::INDEX_DIR)),
                // A store inside the cache would be walked as part of it, and uv's prune
                // would delete it: refused everywhere, not quietly done without.
                Err(e @ uvcache::Error::StoreInsideCache { .. }) => {
                    return Err(CommandError::engine(e, invocation.store_blame()));
                }
                // No store directory at all (no HOME): answers come from walks.
                Err(_) => None,
            }
        };
        Ok(Context {
            config,
            root,
            buckets,
            target,
            root_blame,
            invocation: invocation.clone(),
            index,
        })
    }

    /// A folder of uvcache's store beside the index (`pushed-v0`), when the cache has an
    /// index there (not for the store itself or a temporary cache).
    pub fn store_path(&self, name: &str) -> Option<std::path::PathBuf> {
        Some(self.index.as_ref()?.parent()?.join(name))
    }

    /// Where the command says its warnings ([`Invocation::warnings`]).
    pub fn warnings(&self) -> &Warnings {
        &self.invocation.warnings
    }

    /// Worker threads for walks and removals.
    pub fn threads(&self) -> usize {
        self.invocation
            .threads
            .unwrap_or_else(uvcache::scan::default_threads)
    }

    /// A scan with this invocation's threads and progress, stopped by `check`.
    pub fn scan<'a>(&'a self, check: &'a (dyn Fn() -> bool + Sync)) -> Scan<'a> {
        Scan {
            threads: self.threads(),
            interrupted: check,
            progress: &*self.invocation.progress,
        }
    }

    /// The reader of the cache's index (or, without one, of walks), with this invocation's
    /// threads, ctrl-c check and progress.
    pub fn reader<'a>(&'a self, check: &'a (dyn Fn() -> bool + Sync)) -> Reader<'a> {
        Reader {
            root: self.root.path(),
            set: self.buckets,
            dir: self.index.as_deref(),
            exact: self.invocation.exact,
            scan: self.scan(check),
        }
    }

    /// The full inventory with last use; a missing cache is `None` (empty, as for uv).
    pub fn inventory(&self) -> Result<Option<Inventory>> {
        let check = || (self.invocation.interrupted)();
        let answered = self
            .reader(&check)
            .inventory()
            .map_err(|e| CommandError::engine(e, self.root_blame.clone()))?;
        Ok(answered.map(|a| self.warned(a).0))
    }

    /// The full inventory with last use and the environments that use each entry (their
    /// discovery and summaries); `shared` kept true when the environments changed (see
    /// [`uvcache::envs::linked`]). A missing cache is `None`.
    pub fn inventory_with_environments(
        &self,
    ) -> Result<
        Option<(
            Inventory,
            uvcache::envs::Discovery,
            Vec<uvcache::envs::Summary>,
        )>,
    > {
        let check = || (self.invocation.interrupted)();
        let reader = self.reader(&check);
        let blame = || self.root_blame.clone();
        let Some(answered) = reader
            .inventory()
            .map_err(|e| CommandError::engine(e, blame()))?
        else {
            return Ok(None);
        };
        let (answered, discovery, summaries) =
            uvcache::envs::linked::scan_indexed(&reader, &self.config, answered)
                .map_err(|e| CommandError::engine(e, blame()))?;
        Ok(Some((self.warned(answered).0, discovery, summaries)))
    }

    /// The full inventory revalidated to `depth` (or walked), and how fresh it is.
    pub fn answer(
        &self,
        depth: uvcache::cache::index::Depth,
    ) -> Result<Option<(Inventory, Freshness)>> {
        let check = || (self.invocation.interrupted)();
        let answered = self
            .reader(&check)
            .answer(depth)
            .map_err(|e| CommandError::engine(e, self.root_blame.clone()))?;
        Ok(answered.map(|a| self.warned(a)))
    }

    /// `size`'s answer from the summary kept with the index, when nothing it is checked by
    /// has moved since; `None` sends the caller to [`Context::answer`].
    pub fn summarized(&self) -> Option<(SizeReport, Freshness)> {
        let check = || (self.invocation.interrupted)();
        self.reader(&check).summarized().map(|a| self.warned(a))
    }

    /// An answer's value and freshness, its warnings said (the answer is right regardless).
    fn warned<T>(&self, answered: Answered<T>) -> (T, Freshness) {
        self.warnings().say_all(answered.warnings);
        (answered.value, answered.freshness)
    }

    /// The full inventory by a walk, nothing written.
    pub fn walked(&self) -> Result<Option<Inventory>> {
        let check = || (self.invocation.interrupted)();
        let answered = self
            .reader(&check)
            .walked()
            .map_err(|e| CommandError::engine(e, self.root_blame.clone()))?;
        Ok(answered.map(|a| a.value))
    }
}

/// Every configuration layer, and uv's cache root they resolve to.
fn config_and_cache(invocation: &Invocation) -> Result<(Config, CacheRoot)> {
    let config = Config::load(&invocation.env, &invocation.flags, &invocation.frontend)
        .map_err(|e| CommandError::engine(e, Blame::Call))?;
    let cache = uvcache::config::cache_dir::resolve(&config)
        .map_err(|e| CommandError::engine(e, invocation.root_blame()))?;
    Ok((config, cache))
}

/// The uv release this invocation works for.
pub fn target(config: &Config, cache: &CacheRoot, invocation: &Invocation) -> Result<Target> {
    uvcache::cache::target::resolve(config, Some(cache.path())).map_err(|e| {
        let blame = if invocation.flags.uv_version.is_some() {
            Blame::Flag("uv-version")
        } else {
            Blame::Call
        };
        CommandError::engine(e, blame)
    })
}

/// The store for this invocation, refused when it would sit inside uv's cache.
fn store(config: &Config, cache: &CacheRoot, invocation: &Invocation) -> Result<Store> {
    let uv_cache = (!cache.is_temporary()).then(|| cache.path());
    uvcache::store::resolve(config, uv_cache)
        .map_err(|e| CommandError::engine(e, invocation.store_blame()))
}

/// The store, for the commands that write to it.
pub fn load_store(invocation: &Invocation) -> Result<Store> {
    let (config, cache) = config_and_cache(invocation)?;
    store(&config, &cache, invocation)
}

/// `--refresh`, `--refresh-package` and `--offline`, as uv names them: what the commands that
/// reach the network (`fetch`, `git`) take from either front end.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Revalidate, or fetch again, even what is fresh.
    pub refresh: bool,
    /// Revalidate what these package names or URL globs select.
    pub refresh_package: Vec<String>,
    /// Never touch the network (also `UV_OFFLINE`, see [`Invocation::offline`]).
    pub offline: bool,
}

impl Network {
    /// Whether `url` is refreshed: `--refresh`, or a `--refresh-package` that `selects` it.
    pub fn refreshes(&self, url: &str, selects: fn(&str, &[String]) -> bool) -> bool {
        self.refresh || selects(url, &self.refresh_package)
    }
}
