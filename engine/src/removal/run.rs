//! Running a plan: the inventory is taken, the plan made and applied under uv's exclusive lock,
//! so what is deleted is what was planned; a dry run takes no lock and only measures.
//!
//! Under the lock, a plan's files are unlinked and its directories renamed into a park folder
//! ([`crate::removal::park`]): a few system calls per item, so uv waits for milliseconds, not
//! for the deletion. The counts come from the deletion that follows, as uv counts them. When the
//! park folder is in uvcache's store, the trees are out of uv's sight and the lock is released
//! before deleting: uv's installs, `clean`, `prune` and `size` all go on beside it. When it had to
//! be at the cache root, the lock is kept shared while deleting: installs go on (they take it
//! shared too), uv's `clean` and `prune` wait. A run killed at any point leaves no pointer
//! without its archive (items go in uv's order) and no half-deleted entry where uv looks;
//! leftover trees are deleted by the next run, under the lock, before it plans.

use std::path::Path;

use crate::cache::index::reader::Reader;
use crate::cache::inventory::{self, Inventory};
use crate::cache::layout::BucketSet;
use crate::cache::layout::check_is_cache;
use crate::cache::layout::releases::{Accounting, Behavior};
use crate::cache::lock;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::removal::plan::{Operation, Plan, apply, plan};
use crate::removal::{Removal, Remover};
use crate::scan::Scan;

/// How to run a clean or prune.
#[derive(Clone, Copy)]
pub struct RunOptions<'a> {
    /// Return the plan, remove nothing, take no lock.
    pub dry_run: bool,
    /// Proceed without the lock when it is busy (uv's `--force`).
    pub force: bool,
    /// Operate on a directory that does not look like a uv cache.
    pub allow_non_cache: bool,
    /// How long to wait for the lock.
    pub timeout: std::time::Duration,
    /// Workers and stop check of the inventory, and what is told how the walk and the
    /// deletion get on (ctrl-c stops a plan, never a deletion half done).
    pub scan: Scan<'a>,
    /// Called once if the lock is busy and the run waits for it.
    pub waiting: &'a dyn Fn(),
    /// Take a shallow inventory (archive contents not walked); set by [`execute`].
    pub shallow: bool,
    /// The layout of the directory: the target release's buckets, or uvcache's store.
    pub buckets: &'static BucketSet,
    /// How the target release counts and finishes removals.
    pub behavior: Behavior,
    /// uvcache's store, where removed trees wait out of uv's sight until deleted (`None`: at
    /// the cache root, deleted under uv's lock held shared).
    pub park_in: Option<&'a Path>,
    /// The folder of the cache's index ([`crate::cache::index`]): plans are made from the
    /// index, revalidated (under the lock for a real run), instead of a walk. `None` walks.
    pub index: Option<&'a Path>,
}

impl<'a> RunOptions<'a> {
    /// A run over a directory of `buckets`, telling `progress`: it removes (no dry run), waits
    /// for uv's lock as uv does by default, never forces, walks on every core, never stops, and
    /// parks at the cache root. Callers change the rest with `..RunOptions::new(..)`.
    pub fn new(buckets: &'static BucketSet, progress: &'a dyn Progress) -> RunOptions<'a> {
        RunOptions {
            dry_run: false,
            force: false,
            allow_non_cache: false,
            timeout: std::time::Duration::from_secs(crate::cache::lock::DEFAULT_TIMEOUT_SECS),
            scan: Scan::quiet().telling(progress),
            waiting: &|| {},
            shallow: false,
            buckets,
            behavior: Behavior::default(),
            park_in: None,
            index: None,
        }
    }
}

/// The result of a run: the plan and what was removed (what would be, for a dry run).
#[derive(Debug)]
pub struct Outcome {
    /// The plan that was (or would be) applied.
    pub plan: Plan,
    /// Files, directories and bytes removed, counted as the target release counts them.
    pub removal: Removal,
    /// Whether nothing was removed because this was a dry run.
    pub dry_run: bool,
    /// Whether uv's lock was held (false for dry runs and for `--force` on a busy lock).
    pub locked: bool,
    /// What was wrong with the cache's index or the store (the plan is right regardless: it
    /// came from a walk then).
    pub warnings: Vec<String>,
}

/// The inventory to plan from: the index's answer, revalidated against the disk, when there is
/// an index folder; else a walk (shallow for uv's operations). Either describes the cache as
/// it is now: the index reads again whatever its stamps say changed.
fn take_inventory(
    root: &Path,
    inventory_options: &inventory::Options<'_>,
    options: &RunOptions<'_>,
) -> Result<(Inventory, Vec<String>)> {
    if options.index.is_none() {
        return Ok((Inventory::take(root, inventory_options)?, Vec::new()));
    }
    let answered = reader(root, options)
        .for_plan()?
        .ok_or_else(|| Error::MissingCache(root.to_path_buf()))?;
    Ok((answered.value, answered.warnings))
}

/// The index's reader for this run.
fn reader<'a>(root: &'a Path, options: &RunOptions<'a>) -> Reader<'a> {
    Reader {
        root,
        set: options.buckets,
        dir: options.index,
        exact: false,
        scan: options.scan,
    }
}

/// Whether this run ends by removing `.lock` and the root (`clean` of releases before 0.13.1).
fn removes_root(plan: &Plan, options: &RunOptions<'_>) -> bool {
    plan.operation == Operation::CleanAll && options.behavior.clean_removes_root
}

/// Puts the bytes the target release reports into `removal.bytes`.
fn account(removal: &mut Removal, options: &RunOptions<'_>) {
    if options.behavior.bytes == Accounting::Apparent {
        removal.bytes = removal.apparent;
    }
}

/// Runs `operation` on the cache at `root`: under uv's exclusive lock, takes the inventory,
/// plans, and applies. `Ok(None)` when there is no cache at `root` (uv: "No cache found").
pub fn execute(
    root: &Path,
    operation: Operation,
    options: &RunOptions<'_>,
) -> Result<Option<Outcome>> {
    // uv's operations need pointers and references, not the bytes inside archives.
    let shallow = RunOptions {
        shallow: true,
        ..*options
    };
    Ok(execute_with(root, &shallow, |inventory| {
        (plan(inventory, operation.clone()), ())
    })?
    .map(|(outcome, ())| outcome))
}

/// Runs a plan made by `planner` from the inventory (which also returns details of its own,
/// e.g. a policy's decisions). For a real run the inventory is taken, and the plan made, under
/// uv's exclusive lock, so what is deleted is what was planned: no uv process can change the
/// cache in between. A dry run takes no lock and measures what each item would free.
pub fn execute_with<T>(
    root: &Path,
    options: &RunOptions<'_>,
    planner: impl FnOnce(&mut Inventory) -> (Plan, T),
) -> Result<Option<(Outcome, T)>> {
    match std::fs::symlink_metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(root, e)),
        Ok(meta) if !meta.is_dir() => return Err(Error::NotADirectory(root.to_path_buf())),
        Ok(_) => {}
    }
    let remover = Remover::new(root, options.scan.threads)?.parking_in(options.park_in);
    if !options.dry_run {
        // A `clean` killed mid-deletion may have left the root with nothing but `.lock`.
        remover.recover_store()?;
    }
    if !options.allow_non_cache && !options.buckets.holds_own_folder(root) {
        check_is_cache(root)?;
    }
    let inventory_options = inventory::Options {
        scan: options.scan,
        shallow: options.shallow,
        buckets: options.buckets,
    };
    if options.dry_run {
        let (mut inventory, warnings) = take_inventory(root, &inventory_options, options)?;
        let (mut plan, details) = planner(&mut inventory);
        let mut removal = plan.measure(&remover)?;
        if removes_root(&plan, options) {
            removal += remover.measure(&[".lock".to_string()])?.into_iter().sum();
            removal.dirs += 1;
        }
        account(&mut removal, options);
        return Ok(Some((
            Outcome {
                plan,
                removal,
                dry_run: true,
                locked: false,
                warnings,
            },
            details,
        )));
    }
    // The lock covers the scan and taking things out of uv's view: references computed before
    // it are stale.
    let lock = lock::acquire(
        root,
        lock::LockMode::Exclusive,
        options.timeout,
        options.force,
        options.waiting,
    )?;
    remover.recover()?;
    let (mut inventory, mut warnings) = take_inventory(root, &inventory_options, options)?;
    let (plan, details) = planner(&mut inventory);
    let (mut removal, trash) = apply(&plan, &remover, &inventory, options.scan.progress)?;
    let locked = lock.is_held();
    // What goes is out of uv's view now: uv may go on while the parked trees are deleted. Trees
    // uv can still see keep the lock, shared: uv's installs run, its clean and prune wait.
    let lock = if trash.in_sight() {
        lock.downgrade()?;
        Some(lock)
    } else {
        drop(lock);
        None
    };
    if !trash.is_empty() {
        if options.scan.progress.wants_totals() {
            let parked = remover.count_trash(&trash);
            options
                .scan
                .progress
                .removing(removal.files + parked.files, removal.bytes + parked.bytes);
        }
        options.scan.progress.removed(removal.files, removal.bytes);
        removal += remover.delete_trash_with(trash, options.scan.progress)?;
    }
    drop(lock);
    if removes_root(&plan, options) {
        // Releases before 0.13.1 end `clean` by removing `.lock` (one more file) and the root
        // directory, after releasing the lock.
        removal += remover.remove_lock_and_root()?;
    }
    account(&mut removal, options);
    // The index, its summary and history brought up to date with the deletion.
    warnings.extend(reader(root, options).refresh());
    Ok(Some((
        Outcome {
            plan,
            removal,
            dry_run: false,
            locked,
            warnings,
        },
        details,
    )))
}
