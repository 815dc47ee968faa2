//! `uvcache doctor`: checks that explain why uv might be slow, wasteful or confused.

use std::fs::File;
use std::path::{Path, PathBuf};

use uvcache::cache::layout::{BucketState, CacheSignature, RootClass};
use uvcache::config::Layer;
use uvcache::policy::Action;
use uvcache::text::human_bytes;

use crate::context::{Context, Invocation};
use crate::error::Result;
use crate::{Value, record};

pub const ABOUT: &str = "Check the cache and its surroundings: markers, lock, buckets, links, \
    file systems, link modes, size budget and settings.";
pub const LONG_ABOUT: &str = "Returns one row per check with a status (ok, info, warn, error) and \
    advice. It reads the cache and never changes it; to test link modes it links one of the \
    cache's marker files into a temporary directory beside the virtual environment and removes \
    it. The CLI exits with 1 when a check has status `error`.";

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Info,
    Warn,
    Error,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Info => "info",
            Status::Warn => "warn",
            Status::Error => "error",
        }
    }
}

struct Check {
    name: &'static str,
    status: Status,
    detail: String,
    advice: Option<String>,
}

fn check(name: &'static str, status: Status, detail: impl Into<String>) -> Check {
    Check {
        name,
        status,
        detail: detail.into(),
        advice: None,
    }
}

impl Check {
    fn advice(mut self, advice: impl Into<String>) -> Check {
        self.advice = Some(advice.into());
        self
    }
}

/// The table of checks.
pub fn run(invocation: &Invocation) -> Result<Value> {
    let context = Context::load(invocation)?;
    let root = context.root.path();
    let mut checks = vec![cache_dir(&context)];
    checks.extend(legacy_cache(invocation, &context));
    checks.extend(settings(invocation, &context));
    checks.extend(context.target.as_ref().map(uv_release));
    checks.extend(uv_on_path(&context));
    if !root.exists() {
        checks.push(
            check(
                "exists",
                Status::Info,
                format!("{} does not exist yet", root.display()),
            )
            .advice("uv creates it on first use"),
        );
        return Ok(table(checks));
    }
    if !root.is_dir() {
        checks.push(
            check(
                "exists",
                Status::Error,
                format!("{} is not a directory", root.display()),
            )
            .advice("point UV_CACHE_DIR or --cache-dir at a directory"),
        );
        return Ok(table(checks));
    }
    checks.push(markers(root));
    checks.push(lock(root));
    // Nothing is written: the inventory is the comparison's walk, or a walk of its own.
    let (index_check, walked) = index(&context)?;
    checks.extend(index_check);
    let mut inventory = match walked {
        Some(inventory) => Some(inventory),
        None => context.walked()?,
    };
    if let Some(inventory) = &mut inventory {
        checks.push(buckets(inventory, context.buckets));
        checks.push(dangling(inventory));
        checks.extend(external_links(inventory));
        checks.push(budget(&context, inventory.total_disk));
        checks.extend(environments(&context, inventory));
    }
    let target = venv(invocation);
    checks.push(filesystem(root, target.as_deref()));
    checks.push(link_modes(
        root,
        target.as_deref().unwrap_or(invocation.env.cwd()),
    ));
    Ok(table(checks))
}

/// The environments found, their problems, and the bytes no environment uses.
/// The cache's index against a walk of everything: every difference named.
fn index(context: &Context) -> Result<(Option<Check>, Option<uvcache::Inventory>)> {
    let Some(dir) = &context.index else {
        return Ok((None, None));
    };
    let check_interrupted = || (context.interrupted)();
    let options = uvcache::cache::index::IndexOptions {
        dir,
        threads: context.threads(),
        interrupted: &check_interrupted,
        progress: &*context.progress,
        depth: uvcache::cache::index::Depth::Full,
        exact: false,
        force: &[],
    };
    let compared =
        uvcache::cache::index::compare(context.root.path(), context.buckets, &options)
            .map_err(|e| crate::error::CommandError::engine(e, context.root_blame.clone()))?;
    let Some(compared) = compared else {
        let none = check(
            "index",
            Status::Info,
            "no index yet: the next size or ls walks the cache and writes one",
        );
        return Ok((Some(none), None));
    };
    Ok((Some(index_check(&compared)), compared.walked))
}

/// The `index` row of a comparison of the index with a walk.
fn index_check(compared: &uvcache::cache::index::Comparison) -> Check {
    let written = humantime::format_rfc3339_seconds(compared.indexed_at);
    if compared.differences.is_empty() {
        return check(
            "index",
            Status::Ok,
            format!(
                "the index ({} entries, written {written}) answers as a walk of everything does",
                compared.entries
            ),
        );
    }
    let shown: Vec<&str> = compared
        .differences
        .iter()
        .take(10)
        .map(String::as_str)
        .collect();
    let more = compared.differences.len() - shown.len();
    let more = if more > 0 {
        format!("; and {more} more")
    } else {
        String::new()
    };
    check(
        "index",
        Status::Warn,
        format!(
            "the index (written {written}) differs from a walk: {}{more}",
            shown.join("; ")
        ),
    )
    .advice(
        "run any command with --exact to rebuild it; what the index cannot see (uv never does \
         it) is a file edited in place, or one added, removed or edited below an archive's own \
         folder",
    )
}

fn environments(context: &Context, inventory: &mut uvcache::Inventory) -> [Check; 2] {
    let (discovery, summaries) = uvcache::envs::scan(&context.config, inventory);
    let venvs = &discovery.venvs;
    let count = |kind: uvcache::envs::VenvKind| venvs.iter().filter(|v| v.kind == kind).count();
    let linked = summaries.iter().filter(|s| s.hardlinked > 0).count();
    let mut detail = format!(
        "{} found ({} tools, {} projects, {} venvs, {} cached by uv); {linked} hold hardlinks into the cache",
        venvs.len(),
        count(uvcache::envs::VenvKind::Tool),
        count(uvcache::envs::VenvKind::Project),
        count(uvcache::envs::VenvKind::Venv),
        count(uvcache::envs::VenvKind::Cached),
    );
    let problems: Vec<String> = venvs
        .iter()
        .zip(&summaries)
        .flat_map(|(v, s)| {
            v.problems
                .iter()
                .chain(&s.problems)
                .map(move |p| format!("{}: {p}", v.path.display()))
        })
        .chain(discovery.issues.iter().cloned())
        .collect();
    let found = if problems.is_empty() {
        check("environments", Status::Ok, detail)
    } else {
        detail.push_str(&format!(
            "; {} problem(s): {}",
            problems.len(),
            problems.join("; ")
        ));
        check("environments", Status::Warn, detail)
            .advice("`uvcache envs` shows each environment with its problems")
    };
    let unused: Vec<&uvcache::Entry> = inventory
        .entries
        .iter()
        .filter(|e| e.kind != uvcache::EntryKind::Marker && !e.is_used())
        .collect();
    let bytes: u64 = unused.iter().map(|e| e.disk).sum();
    let unused = check(
        "unused",
        Status::Info,
        format!(
            "{} of {} in {} entries no environment found uses",
            human_bytes(bytes),
            human_bytes(inventory.total_disk),
            unused.len()
        ),
    )
    .advice("`uvcache ls | where used_by == []` lists them; `uvcache prune --policy unused` evicts those unused for 30 days");
    [found, unused]
}

/// The target release, what decided it, and whether uvcache knows it.
fn uv_release(target: &uvcache::cache::Target) -> Check {
    let from = format!(
        "{} ({})",
        target.origin.source().unwrap_or_default(),
        target.origin.layer.name()
    );
    if target.unknown_newer() {
        return check(
            "uv_version",
            Status::Warn,
            format!(
                "uv {} from {from} is newer than every release uvcache knows; uv {}'s rules apply",
                target.version, target.release.buckets.uv_version
            ),
        )
        .advice("buckets of unknown newer versions are never deleted; update uvcache for this uv");
    }
    check(
        "uv_version",
        Status::Ok,
        format!("working for uv {} from {from}", target.version),
    )
}

/// When the release was asked of the uv on `PATH`: whether that is uv itself or a shim in
/// front of it, which binary it resolves to, what asking costs, and how to pin the release.
fn uv_on_path(context: &Context) -> Option<Check> {
    use uvcache::cache::target::{Route, detect};
    let target = context.target.as_ref()?;
    if target.origin.layer != uvcache::config::Layer::Detected || target.origin.file.is_none() {
        return None;
    }
    let env = context.config.environment();
    let detected = detect::uv_on_path(env)?;
    let cost = detect::cost_through_path(&detected, env).map_or_else(
        || "no answer".to_string(),
        |d| format!("{} ms", d.as_millis()),
    );
    let pin = "pin the release with `uv-version = \"X.Y.Z\"` in uvcache.toml or \
               UVCACHE_UV_VERSION, and nothing is asked";
    let found = detected.found.display();
    Some(match detected.route {
        Route::Binary => check(
            "uv_on_path",
            Status::Ok,
            format!("{found} is uv's binary; asked once per binary (its inode and times), {cost} each time"),
        ),
        Route::Pyenv => check(
            "uv_on_path",
            Status::Info,
            format!(
                "{found} is pyenv's shim; here it runs {}, which uvcache asks directly (through the shim: {cost})",
                detected.runs.display()
            ),
        )
        .advice(pin),
        Route::Script => check(
            "uv_on_path",
            Status::Warn,
            format!(
                "{found} is a script in front of uv (a version manager's shim?); uvcache asks it on every command: {cost}"
            ),
        )
        .advice(pin),
    })
}

/// Whether a row of `doctor`'s table is an error (for exit codes).
pub fn has_error(value: &Value) -> bool {
    matches!(value, Value::List(rows) if rows.iter().any(|row| {
        row.as_record().and_then(|r| r.get("status")) == Some(&Value::text(Status::Error.name()))
    }))
}

fn table(checks: Vec<Check>) -> Value {
    Value::List(
        checks
            .into_iter()
            .map(|c| {
                record! {
                    "check" => Value::text(c.name),
                    "status" => Value::text(c.status.name()),
                    "detail" => Value::text(c.detail),
                    "advice" => Value::opt_text(c.advice),
                }
                .into()
            })
            .collect(),
    )
}

fn cache_dir(context: &Context) -> Check {
    let origin = context.root.origin();
    let from = origin
        .file
        .as_ref()
        .map(|f| format!("{} ({})", origin.layer.name(), f.display()))
        .or_else(|| {
            origin
                .detail
                .as_ref()
                .map(|d| format!("{} ({d})", origin.layer.name()))
        })
        .unwrap_or_else(|| origin.layer.name().to_string());
    check(
        "cache-dir",
        Status::Ok,
        format!("{} from {from}", context.root.path().display()),
    )
}

/// macOS: the cache folder uv used before 0.3.0 (`~/Library/Caches/uv`), when it exists: uv
/// takes it as its default while it does, and when another folder is in use it is left over.
fn legacy_cache(invocation: &Invocation, context: &Context) -> Option<Check> {
    let legacy = uvcache::config::dirs::legacy_cache_dir(&invocation.env)?;
    let root = context.root.path();
    if legacy == root {
        return Some(
            check(
                "legacy-cache",
                Status::Info,
                format!(
                    "{} is the folder older uv releases used; uv keeps it as its default while it exists",
                    legacy.display()
                ),
            )
            .advice("`uv cache clean` removes it; uv then uses ~/.cache/uv"),
        );
    }
    Some(
        check(
            "legacy-cache",
            Status::Warn,
            format!(
                "{} exists (the folder older uv releases used) beside the cache in use",
                legacy.display()
            ),
        )
        .advice(format!(
            "plain uv without UV_CACHE_DIR uses it; `uv cache clean --cache-dir {}` removes it",
            legacy.display()
        )),
    )
}

/// Layers only uvcache reads: a cache directory decided there is not the one plain uv uses.
fn uvcache_only(layer: Layer) -> bool {
    matches!(
        layer,
        Layer::UvcacheUser | Layer::UvcacheProject | Layer::Frontend | Layer::Flag
    )
}

fn settings(invocation: &Invocation, context: &Context) -> Vec<Check> {
    let values: Vec<_> = context
        .config
        .values()
        .into_iter()
        .filter(|v| v.key == "cache-dir")
        .collect();
    let mut checks = Vec::new();
    let active = values.iter().find(|v| v.active);
    if let Some(active) = active.filter(|a| uvcache_only(a.origin.layer)) {
        // What plain uv would use: resolve again without uvcache's own layers.
        let uv_view = uvcache::config::Config::load(
            &invocation.env,
            &Default::default(),
            &Default::default(),
        )
        .ok()
        .and_then(|config| uvcache::config::cache_dir::resolve(&config).ok());
        if let Some(uv_root) = uv_view.filter(|r| r.path() != context.root.path()) {
            checks.push(
                check(
                    "uv-agrees",
                    Status::Warn,
                    format!(
                        "cache-dir comes from {} ({}), which uv does not read: plain uv uses {}",
                        active.origin.layer.name(),
                        active.value,
                        uv_root.path().display()
                    ),
                )
                .advice("set UV_CACHE_DIR (or cache-dir in uv.toml) so uv and uvcache see the same cache"),
            );
        }
    }
    let shadowed: Vec<String> = values
        .iter()
        .filter(|v| !v.active && v.origin.layer != Layer::Default)
        .map(|v| format!("{} = {}", v.origin.layer.name(), v.value))
        .collect();
    if !shadowed.is_empty() {
        checks.push(
            check(
                "settings",
                Status::Info,
                format!(
                    "cache-dir also set, and overridden, by: {}",
                    shadowed.join("; ")
                ),
            )
            .advice("`uvcache config` lists every layer"),
        );
    } else if checks.is_empty() {
        checks.push(check(
            "settings",
            Status::Ok,
            "cache-dir set by one layer only",
        ));
    }
    checks
}

fn markers(root: &Path) -> Check {
    let missing: Vec<&str> = ["CACHEDIR.TAG", ".gitignore"]
        .into_iter()
        .filter(|m| !root.join(m).is_file())
        .collect();
    if missing.is_empty() {
        return check("markers", Status::Ok, "CACHEDIR.TAG and .gitignore present");
    }
    let signature = CacheSignature::read(root);
    let status = if signature.is_uv_cache() {
        Status::Warn
    } else {
        Status::Error
    };
    check(
        "markers",
        status,
        format!("missing: {}", missing.join(", ")),
    )
    .advice(if status == Status::Error {
        "this does not look like a uv cache; check the path before cleaning it"
    } else {
        "uv writes them when it initializes the cache; without CACHEDIR.TAG backup tools copy the cache"
    })
}

fn lock(root: &Path) -> Check {
    let path = root.join(uvcache::cache::lock::LOCK_FILE);
    // Opened read-only and never created: the lock file is uv's.
    let Ok(file) = File::open(&path) else {
        return check("lock", Status::Ok, "no lock file yet (uv creates it)");
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            check("lock", Status::Ok, "not held")
        }
        Err(_) => match file.try_lock_shared() {
            Ok(()) => {
                let _ = file.unlock();
                check(
                    "lock",
                    Status::Info,
                    "held shared: a uv command is using the cache",
                )
                .advice("clean and prune wait for it (UV_LOCK_TIMEOUT)")
            }
            Err(_) => check(
                "lock",
                Status::Warn,
                "held exclusively: a clean or prune is running",
            )
            .advice("wait for it; --force skips the lock at your own risk"),
        },
    }
}

fn buckets(inventory: &uvcache::Inventory, set: &uvcache::cache::layout::BucketSet) -> Check {
    let mut outdated = Vec::new();
    let mut newer = Vec::new();
    for item in &inventory.top {
        if let RootClass::Bucket { state, .. } = item.class {
            let row = format!("{} ({})", item.name, human_bytes(item.disk));
            match state {
                BucketState::Outdated => outdated.push(row),
                BucketState::Newer => newer.push(row),
                BucketState::Current => {}
            }
        }
    }
    if !outdated.is_empty() {
        return check(
            "buckets",
            Status::Warn,
            format!("outdated buckets: {}", outdated.join(", ")),
        )
        .advice("no current uv reads them; `uvcache prune` removes them");
    }
    if !newer.is_empty() {
        return check(
            "buckets",
            Status::Info,
            format!("buckets of a newer uv: {}", newer.join(", ")),
        )
        .advice(format!(
            "uvcache keeps them (uv {}'s own prune would remove them)",
            set.uv_version
        ));
    }
    let layout = if set.uv_version.starts_with(|c: char| c.is_ascii_digit()) {
        format!("uv {}'s", set.uv_version)
    } else {
        format!("the {}'s", set.uv_version)
    };
    check("buckets", Status::Ok, format!("every bucket is {layout}"))
}

/// Links out of the root: a cache moved or copied with the absolute links older uv wrote.
fn external_links(inventory: &uvcache::Inventory) -> Option<Check> {
    let links: Vec<&str> = inventory
        .entries
        .iter()
        .flat_map(|e| e.external_links.iter().map(String::as_str))
        .collect();
    let first = links.first()?;
    Some(
        check(
            "external_links",
            Status::Info,
            format!(
                "{} links point outside the cache root (first: {first}); never followed, and no \
                 reference: their archives count as unlinked",
                links.len()
            ),
        )
        .advice(
            "uv before 0.11.17 wrote absolute links; after the cache was moved or copied they \
             point at its old place (`uvcache ls | where external_links != []`)",
        ),
    )
}

fn dangling(inventory: &uvcache::Inventory) -> Check {
    let (count, bytes) = inventory
        .entries
        .iter()
        .filter(|e| e.status == uvcache::Status::Dangling)
        .fold((0u64, 0u64), |(n, b), e| (n + 1, b + e.disk));
    let issues = inventory.issues.len();
    if count == 0 && issues == 0 {
        return check(
            "dangling",
            Status::Ok,
            "every archive is linked, no broken links",
        );
    }
    let mut detail = Vec::new();
    if count > 0 {
        detail.push(format!(
            "{count} archives nothing links to ({})",
            human_bytes(bytes)
        ));
    }
    if issues > 0 {
        let first = &inventory.issues[0];
        detail.push(format!(
            "{issues} unreadable paths or broken links (first: {}: {})",
            first.path.display(),
            first.message
        ));
    }
    check("dangling", Status::Warn, detail.join("; "))
        .advice("`uvcache prune` removes unlinked archives")
}

fn budget(context: &Context, total: u64) -> Check {
    let policy = match uvcache::policy::effective(&context.config, &Default::default()) {
        Ok(effective) => effective.policy,
        Err(e) => {
            return check("budget", Status::Error, e.to_string())
                .advice("`uvcache policy` shows the layers; fix the file it names");
        }
    };
    let budget = policy
        .rules
        .iter()
        .filter_map(|r| match r.action {
            Action::MaxSize(max) => Some(max),
            _ => None,
        })
        .min();
    match budget {
        None => check(
            "budget",
            Status::Info,
            format!(
                "{} used; policy `{}` sets no size budget",
                human_bytes(total),
                policy.name
            ),
        )
        .advice("set max-size in ~/.config/uvcache/config.toml [policy], or use `--policy laptop`"),
        Some(max) if total > max => check(
            "budget",
            Status::Warn,
            format!(
                "{} used, over the budget of {}",
                human_bytes(total),
                human_bytes(max)
            ),
        )
        .advice("`uvcache prune` evicts least recently used entries down to it"),
        Some(max) => check(
            "budget",
            Status::Ok,
            format!(
                "{} used of a {} budget",
                human_bytes(total),
                human_bytes(max)
            ),
        ),
    }
}

/// The active virtual environment, else the nearest `.venv` walking up from the caller's
/// directory.
fn venv(invocation: &Invocation) -> Option<PathBuf> {
    let env = &invocation.env;
    if let Some(venv) = env.var("VIRTUAL_ENV").filter(|v| !v.is_empty()) {
        let venv = env.cwd().join(venv);
        if venv.is_dir() {
            return Some(venv);
        }
    }
    env.cwd()
        .ancestors()
        .map(|dir| dir.join(".venv"))
        .find(|venv| venv.is_dir())
}

/// The device (Unix) or volume (Windows) holding `path`.
fn device(path: &Path) -> Option<u64> {
    uvcache::os::handle::Dir::open(path)
        .and_then(|d| d.stat())
        .ok()
        .map(|m| m.dev)
}

fn filesystem(root: &Path, venv: Option<&Path>) -> Check {
    let Some(venv) = venv else {
        return check(
            "filesystem",
            Status::Info,
            "no virtual environment found ($VIRTUAL_ENV or .venv above this directory)",
        );
    };
    match (device(root), device(venv)) {
        (Some(a), Some(b)) if a == b => check(
            "filesystem",
            Status::Ok,
            format!("cache and {} are on the same file system", venv.display()),
        ),
        (Some(_), Some(_)) => check(
            "filesystem",
            Status::Warn,
            format!(
                "cache and {} are on different file systems: uv copies every file instead of linking",
                venv.display()
            ),
        )
        .advice("put the cache on the venv's file system (UV_CACHE_DIR), or set UV_LINK_MODE=copy to accept copies"),
        _ => check("filesystem", Status::Info, "file systems could not be compared"),
    }
}

/// Tries each link mode from a file of the cache into a temporary directory in `dest`.
fn link_modes(root: &Path, dest: &Path) -> Check {
    let Some(source) = ["CACHEDIR.TAG", ".gitignore"]
        .iter()
        .map(|m| root.join(m))
        .find(|p| p.is_file())
    else {
        return check(
            "link-modes",
            Status::Info,
            "no file in the cache to test links with",
        );
    };
    let Ok(temp) = tempfile::Builder::new()
        .prefix(".uvcache-doctor-")
        .tempdir_in(dest)
    else {
        return check(
            "link-modes",
            Status::Info,
            format!("cannot write in {} to test links", dest.display()),
        );
    };
    let works = |mode: &str| -> bool {
        let target = temp.path().join(mode);
        match mode {
            "clone" => uvcache::os::link::clone_file(&source, &target).is_ok(),
            "hardlink" => std::fs::hard_link(&source, &target).is_ok(),
            "symlink" => symlink(&source, &target),
            _ => std::fs::copy(&source, &target).is_ok(),
        }
    };
    let modes: Vec<(&str, bool)> = ["clone", "hardlink", "symlink", "copy"]
        .into_iter()
        .map(|m| (m, works(m)))
        .collect();
    let detail = format!(
        "into {}: {}",
        dest.display(),
        modes
            .iter()
            .map(|(m, ok)| format!("{m} {}", if *ok { "yes" } else { "no" }))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let ok = |name: &str| modes.iter().any(|(m, ok)| *m == name && *ok);
    if ok("clone") || ok("hardlink") {
        check("link-modes", Status::Ok, detail)
    } else {
        check("link-modes", Status::Warn, detail)
            .advice("uv falls back to copying; set UV_LINK_MODE=copy to silence its warning")
    }
}

fn symlink(source: &Path, target: &Path) -> bool {
    uvcache::os::link::make_symlink(source, target, false).is_ok()
}
