//! What `clean` and `prune` share: the run under uv's lock and the result record.

use uvcache::Error;
use uvcache::policy::{Clock, PolicyReport, Verdict};
use uvcache::removal::Removal;
use uvcache::removal::{Operation, Outcome, RunOptions, execute};

use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::{Record, Value, record};

/// The flags of destructive commands.
#[derive(Debug, Clone, Copy, Default)]
pub struct RemovalArgs {
    /// Return the plan, remove nothing.
    pub dry_run: bool,
    /// Include the removed paths.
    pub verbose: bool,
    /// Proceed when uv's lock is busy.
    pub force: bool,
    /// Delete in a directory that does not look like a uv cache.
    pub allow_non_cache: bool,
}

/// The policy flags of `prune` and `policy`, as text (`5GiB`, `30 days`); the engine parses and
/// validates them like any other layer.
pub type PolicyArgs = uvcache::policy::PolicyFlags;

/// A policy error blames the flag that gave the value, if one did: also the file `--policy`
/// named, whose error keeps its line and key.
pub(crate) fn policy_error(error: Error, flags: &PolicyArgs) -> CommandError {
    let from_policy_file = |file: &str| {
        flags
            .policy
            .as_deref()
            .is_some_and(|p| file == p || std::path::Path::new(file).ends_with(p))
    };
    let flag = match &error {
        Error::Policy { file, message, .. } => match file.as_str() {
            "--policy" => Some(("policy", message.clone())),
            "--max-size" => Some(("max-size", message.clone())),
            "--older-than" => Some(("older-than", message.clone())),
            "--keep-latest" => Some(("keep-latest", message.clone())),
            file if from_policy_file(file) => Some(("policy", error.to_string())),
            _ => None,
        },
        _ => None,
    };
    match flag {
        Some((flag, message)) => {
            CommandError::usage(format!("Invalid --{flag}"), message, Blame::Flag(flag))
        }
        None => CommandError::engine(error, Blame::Call),
    }
}

/// What a destructive command runs.
pub enum Job {
    /// One of uv's operations.
    Operation(Operation),
    /// The effective prune policy, with these flags on top.
    Policy(PolicyArgs),
}

/// Names of uv's operations in results.
fn operation_name(operation: &Operation) -> &'static str {
    match operation {
        Operation::CleanAll => "clean",
        Operation::CleanPackages(_) => "clean_packages",
        Operation::Prune { ci: false } => "prune",
        Operation::Prune { ci: true } => "prune_ci",
    }
}

/// Prints uv's message when the lock is busy and the run waits.
fn waiting_message() {
    eprintln!(
        "Cache is currently in-use, waiting for other uv processes to finish (use `--force` to override)"
    );
}

/// Runs a job and builds its result record.
pub fn run(invocation: &Invocation, args: RemovalArgs, job: Job) -> Result<Value> {
    let context = Context::load(invocation)?;
    let timeout = uvcache::cache::lock::timeout(context.config.environment())
        .map_err(|e| CommandError::engine(e, Blame::Call))?;
    run_in(&context, args, job, timeout, &waiting_message, "prune").map(Value::Record)
}

/// Runs a job in a loaded context with this lock timeout.
pub(crate) fn run_in(
    context: &Context,
    args: RemovalArgs,
    job: Job,
    timeout: std::time::Duration,
    waiting: &dyn Fn(),
    policy_operation: &str,
) -> Result<Record> {
    // Removed trees wait in uvcache's store, out of uv's sight, when there is one (not for the
    // store's own runs: uv never looks there).
    let store = context.target.as_ref().and_then(|_| {
        uvcache::store::resolve(&context.config, Some(context.root.path()))
            .ok()
            .map(|s| s.path().to_path_buf())
    });
    let interrupted = || (context.invocation.interrupted)();
    let options = RunOptions {
        dry_run: args.dry_run,
        force: args.force,
        allow_non_cache: args.allow_non_cache,
        timeout,
        scan: context.scan(&interrupted),
        waiting,
        behavior: context
            .target
            .as_ref()
            .map(|t| t.behavior())
            .unwrap_or_default(),
        park_in: store.as_deref(),
        // Plans from the index, revalidated; `--exact` plans from a walk.
        index: context
            .index
            .as_deref()
            .filter(|_| !context.invocation.exact),
        ..RunOptions::new(context.buckets, &*context.invocation.progress)
    };
    let path = context.root.path().to_path_buf();
    let (name, outcome) = execute_job(context, &path, job, &options, policy_operation)?;
    let Some((outcome, report)) = outcome else {
        let message = format!("No cache found at: {}", path.display());
        return Ok(summary(
            &path,
            name,
            args.dry_run,
            Removal::default(),
            message,
            false,
        ));
    };
    let nothing = if name.starts_with("prune") {
        "No unused entries found"
    } else {
        "No cache entries found"
    };
    let mut result = summary(
        &path,
        name,
        outcome.dry_run,
        outcome.removal,
        message(&outcome, nothing),
        outcome.locked,
    );
    if let Some((policy, report)) = &report {
        result.push("policy", Value::text(policy));
        result.push(
            "warnings",
            Value::texts(report.warnings.iter().map(String::as_str)),
        );
        context.warnings().say_all(report.warnings.iter().cloned());
    }
    if args.dry_run || args.verbose {
        result.push("items", items(&outcome));
    }
    if args.dry_run
        && let Some((_, report)) = &report
    {
        result.push("decisions", decisions(report));
    }
    Ok(result)
}

/// A run's outcome, with the policy's name and report when a policy decided.
type JobOutcome = Option<(Outcome, Option<(String, PolicyReport)>)>;

/// Runs `job` on the cache at `path`; returns the operation's name and what happened (`None`:
/// no cache there). Warnings about the index are said: the plan is right, the index was not.
fn execute_job<'n>(
    context: &Context,
    path: &std::path::Path,
    job: Job,
    options: &RunOptions<'_>,
    policy_operation: &'n str,
) -> Result<(&'n str, JobOutcome)> {
    let (name, result) = match job {
        Job::Operation(operation) => {
            let name = operation_name(&operation);
            let outcome = execute(path, operation, options).map(|o| o.map(|o| (o, None)));
            (name, outcome)
        }
        Job::Policy(flags) => {
            let effective = uvcache::policy::effective(&context.config, &flags)
                .map_err(|e| policy_error(e, &flags))?;
            let name = effective.policy.name.clone();
            let outcome = uvcache::policy::execute(
                path,
                &effective.policy,
                Clock::system(),
                options,
                Some(&context.config),
            );
            (
                policy_operation,
                outcome.map(|o| o.map(|(o, r)| (o, Some((name, r))))),
            )
        }
    };
    let outcome = result.map_err(|e| CommandError::engine(e, context.root_blame.clone()))?;
    let warnings = outcome.iter().flat_map(|(o, _)| o.warnings.iter().cloned());
    context.warnings().say_all(warnings);
    Ok((name, outcome))
}

fn decisions(report: &PolicyReport) -> Value {
    let rows = report
        .decisions
        .iter()
        .map(|(entry, decision)| {
            record! {
                "entry" => Value::text(&entry.path),
                "package" => Value::opt_text(entry.package.as_deref()),
                "version" => Value::opt_text(entry.version.as_deref()),
                "kind" => Value::text(entry.kind.name()),
                "size" => Value::Filesize(entry.disk),
                "last_use" => Value::opt_date(entry.last_use),
                "decision" => Value::text(if decision.verdict == Verdict::Evict { "evict" } else { "keep" }),
                "rule" => decision.rule.map_or(Value::Nothing, |r| Value::count(r + 1)),
                "reason" => Value::text(&*decision.reason),
            }
            .into()
        })
        .collect();
    Value::List(rows)
}

fn message(outcome: &Outcome, nothing: &str) -> String {
    let summary = outcome.removal.summary(nothing);
    match summary.strip_prefix("Removed") {
        Some(rest) if outcome.dry_run => format!("Would have removed{rest}"),
        _ => summary,
    }
}

fn items(outcome: &Outcome) -> Value {
    let rows = outcome
        .plan
        .items
        .iter()
        .map(|item| {
            let measured = item.removal;
            record! {
                "path" => Value::text(&item.path),
                "reason" => Value::text(item.reason.name()),
                "package" => Value::opt_text(item.package.as_deref()),
                "version" => Value::opt_text(item.version.as_deref()),
                "kind" => Value::opt_text(item.kind.map(|k| k.name())),
                "detail" => Value::opt_text(item.detail.as_deref()),
                "files" => measured.map_or(Value::Nothing, |r| Value::count(r.files)),
                "size" => measured.map_or(Value::Nothing, |r| Value::Filesize(r.bytes)),
            }
            .into()
        })
        .collect();
    Value::List(rows)
}

/// The summary record every destructive command returns (before its optional tables).
pub fn summary(
    path: &std::path::Path,
    operation: &str,
    dry_run: bool,
    removal: Removal,
    message: String,
    locked: bool,
) -> Record {
    record! {
        "path" => Value::text(path.to_string_lossy()),
        "operation" => Value::text(operation),
        "dry_run" => Value::Bool(dry_run),
        "files" => Value::count(removal.files),
        "directories" => Value::count(removal.dirs),
        "size" => Value::Filesize(removal.bytes),
        "message" => Value::text(message),
        "locked" => Value::Bool(locked),
    }
}
