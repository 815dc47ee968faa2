//! `uvcache prune`: uv's prune (`--ci`), the effective policy, or both once a day (`--auto`).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use uvcache::removal::Operation;

use crate::Value;
use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::removal::{Job, PolicyArgs, RemovalArgs, run as run_job, run_in, summary};

pub const ABOUT: &str = "Remove unused cache entries (same result as `uv cache prune`, or `--ci`).";
pub const LONG_ABOUT: &str = "Removes, as the target uv release does (--uv-version; default the uv on PATH): stale sdist revisions, buckets of older \
    uv versions and anything unknown at the root, all cached environments and temporary build \
    environments, archives no entry links to, and files-v0 blobs nothing uses. With --ci also the \
    pre-built wheels and the unpacked sources, keeping wheels built from source. Unlike uv, \
    buckets of a newer uv (and the archives they link to) are kept. Without --ci the effective \
    prune policy decides (see `uvcache policy`): by default exactly uv's prune; --policy, \
    --max-size, --older-than and --keep-latest add to it, and --dry-run returns every entry's \
    decision with the rule that made it. Runs under uv's exclusive lock, waiting up to \
    UV_LOCK_TIMEOUT seconds (default 300). --auto runs the policy at most once per interval, \
    never waits for the lock and says nothing unless it removed something.";

/// How `prune` was asked to run.
#[derive(Debug, Clone, Default)]
pub struct PruneArgs {
    /// uv's `--ci`.
    pub ci: bool,
    /// At most once per interval, skipping when uv is busy.
    pub auto: bool,
    /// `--interval` for `--auto`.
    pub interval: Option<String>,
    pub removal: RemovalArgs,
    pub policy: PolicyArgs,
}

/// Default time between two `--auto` runs.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(86_400);

/// Runs `prune`.
pub fn run(invocation: &Invocation, args: PruneArgs) -> Result<Value> {
    if args.ci && args.auto {
        return Err(CommandError::usage(
            "Conflicting flags",
            "--auto applies the prune policy; use a policy with base = \"prune-ci\" (`--policy ci`)",
            Blame::Flag("auto"),
        ));
    }
    if args.interval.is_some() && !args.auto {
        return Err(CommandError::usage(
            "--interval needs --auto",
            "only automatic prunes have an interval",
            Blame::Flag("interval"),
        ));
    }
    if args.auto {
        return auto(invocation, args);
    }
    if args.ci {
        return run_job(
            invocation,
            args.removal,
            Job::Operation(Operation::Prune { ci: true }),
        );
    }
    run_job(invocation, args.removal, Job::Policy(args.policy))
}

/// The interval: `--interval`, else `UVCACHE_AUTO_INTERVAL`, else a day.
fn interval(invocation: &Invocation, flag: Option<&str>) -> Result<Duration> {
    let parse = |text: &str| humantime::parse_duration(text.trim());
    match flag {
        Some(text) => parse(text).map_err(|e| {
            CommandError::usage(
                "Invalid interval",
                format!("`{text}`: {e}"),
                Blame::Flag("interval"),
            )
            .with_help("a duration such as `1 day`, `12h` or `1 week`")
        }),
        None => match invocation.env.var("UVCACHE_AUTO_INTERVAL") {
            None => Ok(DEFAULT_INTERVAL),
            Some(text) => parse(text).map_err(|e| {
                CommandError::usage(
                    "Invalid environment variable",
                    format!("UVCACHE_AUTO_INTERVAL=`{text}`: {e}"),
                    Blame::Call,
                )
                .with_help("a duration such as `1 day`, or unset $UVCACHE_AUTO_INTERVAL")
            }),
        },
    }
}

/// uvcache's state directory: `$XDG_STATE_HOME/uvcache`, `~/.local/state/uvcache`, or
/// `%LOCALAPPDATA%\uvcache\state` on Windows. Never inside a cache.
pub fn state_dir(invocation: &Invocation) -> Option<PathBuf> {
    let env = &invocation.env;
    if cfg!(windows) {
        return env
            .local_app_data()
            .map(|p| p.join("uvcache").join("state"));
    }
    env.absolute_path_var("XDG_STATE_HOME")
        .map(|p| p.join("uvcache"))
        .or_else(|| env.home_dir().map(|h| h.join(".local/state/uvcache")))
}

/// The state file of one cache root: named by a stable hash of its path (FNV-1a), holding the
/// path itself; its modification time is the last automatic run.
fn state_file(state: &Path, root: &Path) -> PathBuf {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in root.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    state.join(format!("auto-prune-{hash:016x}"))
}

/// Records a run: the file is replaced atomically, so a crash leaves the old time or the new.
fn record_run(file: &Path, root: &Path) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, root.as_os_str().as_encoded_bytes())?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// `prune --auto`.
fn auto(invocation: &Invocation, args: PruneArgs) -> Result<Value> {
    let every = interval(invocation, args.interval.as_deref())?;
    let context = Context::load(invocation)?;
    let root = context.root.path().to_path_buf();
    let skipped = |reason: &str| -> Value {
        let mut result = summary(
            &root,
            "prune_auto",
            args.removal.dry_run,
            Default::default(),
            format!("Skipped: {reason}"),
            false,
        );
        result.push("ran", Value::Bool(false));
        result.push("skipped", Value::text(reason));
        result.into()
    };
    if !root.is_dir() {
        return Ok(skipped("no cache"));
    }
    let state = state_dir(invocation).ok_or_else(|| {
        CommandError::failure(
            "No state directory",
            "neither XDG_STATE_HOME nor HOME is set to an absolute path",
            Blame::Flag("auto"),
        )
        .with_help("set XDG_STATE_HOME; --auto keeps the time of its last run there")
    })?;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let canonical_state = state.canonicalize().unwrap_or_else(|_| state.clone());
    if canonical_state.starts_with(&canonical_root) {
        return Err(CommandError::failure(
            "State directory inside the cache",
            format!(
                "{} lies in the cache {}, whose prune would delete it",
                state.display(),
                root.display()
            ),
            Blame::Flag("auto"),
        )
        .with_help("set XDG_STATE_HOME outside the cache"));
    }
    let file = state_file(&state, &canonical_root);
    let last = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
    if let Some(last) = last {
        let since = SystemTime::now()
            .duration_since(last)
            .unwrap_or(Duration::ZERO);
        if since < every {
            return Ok(skipped("ran recently"));
        }
    }
    // Never wait: a busy cache means uv is working; try again next time.
    let result = run_in(
        &context,
        args.removal,
        Job::Policy(args.policy),
        Duration::ZERO,
        &|| {},
        "prune_auto",
    );
    let mut result = match result {
        Ok(result) => result,
        Err(e) if e.exit == crate::error::ExitKind::Busy => return Ok(skipped("cache in use")),
        Err(e) => return Err(e),
    };
    if !args.removal.dry_run {
        record_run(&file, &canonical_root).map_err(|e| {
            CommandError::failure(
                "Cannot record the automatic prune",
                format!("{}: {e}", file.display()),
                Blame::Call,
            )
        })?;
    }
    result.push("ran", Value::Bool(true));
    result.push("skipped", Value::Nothing);
    Ok(result.into())
}

/// For examples: the result for a cache that does not exist.
pub fn missing_cache(operation: &str) -> Value {
    let path = Path::new("/no/such/uv-cache");
    summary(
        path,
        operation,
        false,
        Default::default(),
        format!("No cache found at: {}", path.display()),
        false,
    )
    .into()
}
