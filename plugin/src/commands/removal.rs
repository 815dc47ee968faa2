//! What `uvcache clean` and `uvcache prune` share: flags, the run, and the result record.

use nu_plugin::{EngineInterface, EvaluatedCall};
use nu_protocol::{LabeledError, Record, Signature, Span, Type, Value, record};
use uvcache::plan::{Operation, Outcome, RunOptions, execute};
use uvcache::policy::{Clock, PolicyFlags, PolicyReport, Verdict};
use uvcache::removal::Removal;

use crate::context::{Context, engine_error};
use crate::values::{filesize, opt_string};

/// Adds the flags of destructive commands.
pub trait RemovalFlags {
    /// `--dry-run`, `--verbose`, `--force`, `--allow-non-cache`.
    fn removal_flags(self) -> Self;
}

impl RemovalFlags for Signature {
    fn removal_flags(self) -> Self {
        self.switch(
            "dry-run",
            "Return the plan (what would go, why, how many bytes), remove nothing.",
            Some('n'),
        )
        .switch(
            "verbose",
            "Include the table of removed paths with their reasons.",
            Some('v'),
        )
        .switch(
            "force",
            "Proceed without uv's lock if another uv process holds it (as uv's --force).",
            Some('f'),
        )
        .switch(
            "allow-non-cache",
            "Delete even in a directory that does not look like a uv cache.",
            None,
        )
    }
}

/// The declared output: a summary record (with `items` for dry runs and --verbose).
pub fn output_type() -> Type {
    Type::record()
}

/// What a destructive command runs.
pub enum Job {
    /// One of uv's operations.
    Operation(Operation),
    /// The effective prune policy, with these flags on top.
    Policy(PolicyFlags),
}

/// Runs an operation or a policy for a command and builds its result record.
pub fn run(
    engine: &EngineInterface,
    call: &EvaluatedCall,
    job: Job,
) -> Result<Value, LabeledError> {
    let dry_run = call.has_flag("dry-run")?;
    let verbose = call.has_flag("verbose")?;
    let context = Context::load(engine, call)?;
    let env = context.config.environment();
    let timeout = uvcache::lock::timeout(env).map_err(|e| engine_error(e, call.head))?;
    let waiting = || {
        eprintln!(
            "Cache is currently in-use, waiting for other uv processes to finish (use `--force` to override)"
        )
    };
    let options = RunOptions {
        dry_run,
        force: call.has_flag("force")?,
        allow_non_cache: call.has_flag("allow-non-cache")?,
        timeout,
        threads: context
            .threads
            .unwrap_or_else(uvcache::inventory::default_threads),
        waiting: &waiting,
        shallow: false,
    };
    let span = call.head;
    let path = context.root.path().to_path_buf();
    let (name, result) = match job {
        Job::Operation(operation) => {
            let name = operation_name(&operation);
            (
                name,
                execute(&path, operation, &options).map(|o| o.map(|o| (o, None))),
            )
        }
        Job::Policy(flags) => {
            let blame = call.get_flag_span("policy").unwrap_or(span);
            let effective = uvcache::policy::effective(&context.config, &flags)
                .map_err(|e| engine_error(e, blame))?;
            (
                "prune",
                uvcache::policy::execute(&path, &effective.policy, Clock::system(), &options)
                    .map(|o| o.map(|(o, r)| (o, Some((effective.policy.name.clone(), r))))),
            )
        }
    };
    let outcome = result.map_err(|e| engine_error(e, context.root_span))?;
    let nothing = if name.starts_with("prune") {
        "No unused entries found"
    } else {
        "No cache entries found"
    };
    let Some((outcome, report)) = outcome else {
        let message = format!("No cache found at: {}", path.display());
        return Ok(Value::record(
            summary(
                &path,
                name,
                dry_run,
                Removal::default(),
                message,
                false,
                span,
            ),
            span,
        ));
    };
    let message = message(&outcome, nothing);
    let mut result = summary(
        &path,
        name,
        outcome.dry_run,
        outcome.removal,
        message,
        outcome.locked,
        span,
    );
    if let Some((policy, report)) = &report {
        result.push("policy", Value::string(policy, span));
        result.push(
            "warnings",
            Value::list(
                report
                    .warnings
                    .iter()
                    .map(|w| Value::string(w, span))
                    .collect(),
                span,
            ),
        );
        for warning in &report.warnings {
            eprintln!("warning: {warning}");
        }
    }
    if dry_run || verbose {
        result.push("items", items(&outcome, span));
    }
    if dry_run && let Some((_, report)) = &report {
        result.push("decisions", decisions(report, span));
    }
    Ok(Value::record(result, span))
}

fn decisions(report: &PolicyReport, span: Span) -> Value {
    let rows = report
        .decisions
        .iter()
        .map(|(entry, decision)| {
            Value::record(
                record! {
                    "entry" => Value::string(&entry.path, span),
                    "package" => opt_string(entry.package.as_deref(), span),
                    "version" => opt_string(entry.version.as_deref(), span),
                    "kind" => Value::string(entry.kind.name(), span),
                    "size" => filesize(entry.disk, span),
                    "last_use" => crate::values::datetime(entry.last_use, span),
                    "decision" => Value::string(if decision.verdict == Verdict::Evict { "evict" } else { "keep" }, span),
                    "rule" => decision.rule.map_or_else(|| Value::nothing(span), |r| Value::int(r as i64 + 1, span)),
                    "reason" => Value::string(&*decision.reason, span),
                },
                span,
            )
        })
        .collect();
    Value::list(rows, span)
}

fn operation_name(operation: &Operation) -> &'static str {
    match operation {
        Operation::CleanAll => "clean",
        Operation::CleanPackages(_) => "clean_packages",
        Operation::Prune { ci: false } => "prune",
        Operation::Prune { ci: true } => "prune_ci",
    }
}

fn message(outcome: &Outcome, nothing: &str) -> String {
    let summary = outcome.removal.summary(nothing);
    if outcome.dry_run {
        format!("Would have {}", summary.replacen("Removed", "removed", 1))
    } else {
        summary
    }
}

fn items(outcome: &Outcome, span: Span) -> Value {
    let rows = outcome
        .plan
        .items
        .iter()
        .map(|item| {
            let removal = item.removal.unwrap_or_default();
            Value::record(
                record! {
                    "path" => Value::string(&item.path, span),
                    "reason" => Value::string(item.reason.name(), span),
                    "package" => opt_string(item.package.as_deref(), span),
                    "version" => opt_string(item.version.as_deref(), span),
                    "kind" => opt_string(item.kind.map(|k| k.name()), span),
                    "files" => if item.removal.is_some() { Value::int(removal.files as i64, span) } else { Value::nothing(span) },
                    "size" => if item.removal.is_some() { filesize(removal.bytes, span) } else { Value::nothing(span) },
                },
                span,
            )
        })
        .collect();
    Value::list(rows, span)
}

/// The summary record every destructive command returns (before its optional tables).
fn summary(
    path: &std::path::Path,
    operation: &str,
    dry_run: bool,
    removal: Removal,
    message: String,
    locked: bool,
    span: Span,
) -> Record {
    record! {
        "path" => Value::string(path.to_string_lossy(), span),
        "operation" => Value::string(operation, span),
        "dry_run" => Value::bool(dry_run, span),
        "files" => Value::int(removal.files as i64, span),
        "directories" => Value::int(removal.dirs as i64, span),
        "size" => filesize(removal.bytes, span),
        "message" => Value::string(message, span),
        "locked" => Value::bool(locked, span),
    }
}

/// The result for a cache that does not exist, for examples.
pub fn missing_cache_example(operation: &str) -> Value {
    let path = std::path::Path::new("/no/such/uv-cache");
    let message = format!("No cache found at: {}", path.display());
    Value::test_record(summary(
        path,
        operation,
        false,
        Removal::default(),
        message,
        false,
        Span::test_data(),
    ))
}
