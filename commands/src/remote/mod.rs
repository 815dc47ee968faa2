//! `uvcache push`, `pull`, `remote ls` and `prune --remote`: sharing entries through an object
//! store. Every command names its remote as a `[remote.NAME]` of uvcache's configuration or as
//! a URL.

use std::time::Duration;

use uvcache::cache::names::normalize_name;
use uvcache::policy::{Clock, Verdict, effective};
use uvcache::remote::fit;
use uvcache::remote::prune::{RemotePruneOptions, prune as prune_remote};
use uvcache::remote::pull::{PullOptions, PullOutcome, pull as pull_remote};
use uvcache::remote::push::{PushOptions, PushOutcome, push as push_remote};
use uvcache::remote::trust::{Trust, ci_ref};
use uvcache::remote::{Remote, RemoteSpec, catalog};
use uvcache::text::safe_url;

mod keys;
mod rows;

pub use keys::keygen;
use keys::{signing_key, trust};
use rows::{builder, entry_row, outcome_rows, pulled_rows, traffic};

use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result, package_name};
use crate::pythons::{judged_for, named, targets};
use crate::removal::{PolicyArgs, policy_error};
use crate::{Value, record};

pub const PUSH_ABOUT: &str =
    "Upload cache entries to a remote (default: the wheels built from source).";
pub const PUSH_LONG_ABOUT: &str = "Uploads the entries a policy keeps (default `ci`: wheels \
    built from source, with the archives they link to) as content-addressed objects, then one \
    manifest per entry listing its files, sizes, hashes, links, the uv release and bucket version \
    and the platform. Objects and manifests the remote already has are not sent again. REMOTE is \
    a `[remote.NAME]` of uvcache.toml or ~/.config/uvcache/config.toml, or a URL: s3://BUCKET/PREFIX \
    (AWS_* variables or ~/.aws/credentials; endpoint and region from the remote's config or \
    AWS_ENDPOINT_URL / AWS_REGION), webdav+http(s)://HOST/PATH (UVCACHE_WEBDAV_USERNAME and \
    UVCACHE_WEBDAV_PASSWORD for Basic credentials), file:///PATH. Reads the cache under \
    uv's lock held shared, as uv's own commands do.";
pub const PULL_ABOUT: &str =
    "Bring a remote's entries that this uv release, machine and Python can use into the cache.";
pub const PULL_LONG_ABOUT: &str = "Pulls the newest trusted push of every entry in the target uv \
    release's bucket versions whose wheels run here (--package to choose): their tags are judged \
    as uv judges them (PEP 425) for the interpreters of --python, else of the environments \
    uvcache finds, else python3 on PATH; a plain linux_* wheel also needs the builder's glibc to be \
    no newer than this machine's. `not_usable` counts the others; `unfit` says why. Each file is \
    downloaded into a staging folder and checked against its SHA-256; then, under uv's exclusive \
    lock (waiting up to UV_LOCK_TIMEOUT seconds), each entry is renamed into place whole, archive \
    ids kept. Entries the cache already has are never overwritten. An entry with a file that \
    fails its check is refused and nothing of it is written.";
pub const LS_ABOUT: &str = "List the entries a remote holds.";
pub const LS_LONG_ABOUT: &str = "One row per pushed entry (one per distinct content: two \
    runners that built different bytes give two rows), with its package, version, kind, size, \
    platform, tags and builder (libc, Python), uv release and bucket, who signed and pushed it and \
    when, when a pull last placed it, whether a trusted key signed it, and whether it is `usable` here for the interpreters \
    pull would judge for (--python), with the `reason` when not. Manifests that fail their checks \
    are reported on stderr.";
pub const PRUNE_ABOUT: &str = "Prune a remote with the same policies as a local prune.";
pub const PRUNE_LONG_ABOUT: &str = "Evaluates the effective prune policy (--policy, --max-size, \
    --older-than, --keep-latest and the configured layers, as `uvcache prune`) over the remote's \
    entries: an entry's size is its files', its last use the later of its push and the last pull \
    that placed it (pulls record the day in `uses/`). A policy with a \
    base pass also removes entries of bucket versions older than the target release's. Manifests \
    go first, then objects no remaining manifest names and older than --grace (default 1h, so that \
    a push in progress keeps its objects). --dry-run returns every decision and removes nothing.";
pub const GRACE: &str =
    "Keep unreferenced objects younger than this (a push may still be uploading).";
pub const PACKAGE: &str = "Only entries of these packages (repeatable).";
pub const REMOTE: &str = "A remote: a name from uvcache's config ([remote.NAME]) or a URL (s3://, webdav+http://, file://).";
pub const TRUSTED_KEY: &str = "Also trust this public key (NAME:BASE64, as `remote keygen` prints it; repeatable). \
    Added to `trusted-keys` of the remote and UVCACHE_TRUSTED_KEYS.";
pub const PRUNE_TRUST_UNSIGNED: &str = "Judge entries no trusted key signed by the store's own \
    write times (with no key: every entry), instead of refusing.";
pub const TRUST_UNSIGNED: &str =
    "Pull entries no trusted key signed: trusts everyone who can write to the remote.";
pub const REF: &str = "The ref the push comes from, recorded in its signatures (default: GITHUB_REF, CI_COMMIT_REF_NAME or BUILDKITE_BRANCH).";
pub const KEYGEN_ABOUT: &str = "Make an ed25519 key pair to sign pushes with.";
pub const KEYGEN_LONG_ABOUT: &str = "Writes the secret key to FILE (default: \
    ~/.config/uvcache/keys/NAME.secret), readable by you only, never replacing a file, and returns \
    the public key as NAME:BASE64. Give the secret key's file only to the jobs whose pushes you \
    trust (UVCACHE_SIGNING_KEY_FILE, or `signing-key-file` in your uvcache config); put the \
    public key in `trusted-keys` of the remote where you pull.";
pub const OUTPUT: &str = "Where to write the secret key (a new file).";

/// Default `--grace`.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(3600);

/// What `push` and `pull` share.
#[derive(Debug, Clone, Default)]
pub struct TransferArgs {
    /// The remote's name or URL.
    pub remote: String,
    /// `--package` (repeatable).
    pub packages: Vec<String>,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--trusted-key` (repeatable; pull).
    pub trusted_keys: Vec<String>,
    /// `--trust-unsigned` (pull).
    pub trust_unsigned: bool,
    /// `--ref` (push).
    pub git_ref: Option<String>,
    /// `--python` (pull, `remote ls`).
    pub python: Option<String>,
}

/// What a push's or pull's error is about: the remote (argument 0) when the store failed or
/// refused, else the cache.
fn blame(error: uvcache::Error, context: &Context) -> CommandError {
    let blame = match error {
        uvcache::Error::Remote { .. } | uvcache::Error::Integrity { .. } => Blame::Arg(0),
        _ => context.root_blame.clone(),
    };
    CommandError::engine(error, blame)
}

/// The remote named by positional argument 0, resolved but not opened.
fn spec(context: &Context, reference: &str) -> Result<RemoteSpec> {
    uvcache::remote::resolve(&context.config, reference)
        .map_err(|e| CommandError::engine(e, Blame::Arg(0)))
}

/// Opens a resolved remote to read it (nothing is created), stopping on ctrl-c.
fn open(context: &Context, spec: RemoteSpec) -> Result<Remote> {
    stopped_by_ctrl_c(context, Remote::open(spec, context.config.environment()))
}

/// A remote just opened, its error blamed on argument 0, or set to stop on ctrl-c.
fn stopped_by_ctrl_c(context: &Context, opened: uvcache::Result<Remote>) -> Result<Remote> {
    let mut remote = opened.map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    remote.set_interrupt(context.invocation.interrupted.clone());
    Ok(remote)
}

/// Whose signatures count, then the remote opened to read: a bad key is named before the
/// remote is reached.
fn trust_and_open(context: &Context, args: &TransferArgs) -> Result<(Trust, Remote)> {
    let spec = spec(context, &args.remote)?;
    let trust = trust(context, &spec, args)?;
    Ok((trust, open(context, spec)?))
}

/// Opens the remote named by positional argument 0 to push to it.
fn open_to_write(context: &Context, reference: &str) -> Result<Remote> {
    let spec = spec(context, reference)?;
    stopped_by_ctrl_c(
        context,
        Remote::open_to_write(spec, context.config.environment()),
    )
}

fn packages(names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .map(|name| package_name(name, Blame::Flag("package")).map(|()| normalize_name(name)))
        .collect()
}

fn lock_timeout(context: &Context) -> Result<Duration> {
    uvcache::cache::lock::timeout(context.config.environment())
        .map_err(|e| CommandError::engine(e, Blame::Call))
}

/// Fails the command with every error, after the work that could be done was done.
fn fail_on(errors: &[String], what: &str) -> Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = errors.iter().take(5).map(String::as_str).collect();
    let more = errors.len().saturating_sub(shown.len());
    let mut label = shown.join("\n");
    if more > 0 {
        label.push_str(&format!("\n... and {more} more"));
    }
    Err(CommandError::failure(
        what.to_string(),
        label,
        Blame::Arg(0),
    ))
}

/// `uvcache push REMOTE`.
pub fn push(invocation: &Invocation, args: &TransferArgs, policy: &PolicyArgs) -> Result<Value> {
    let context = Context::load(invocation)?;
    let remote = open_to_write(&context, &args.remote)?;
    let mut flags = policy.clone();
    flags.policy.get_or_insert_with(|| "ci".into());
    let effective = effective(&context.config, &flags).map_err(|e| policy_error(e, &flags))?;
    let packages = packages(&args.packages)?;
    let target = context.target.as_ref();
    let signing_key = signing_key(&context)?;
    // From the index when it is current (no walk: a push of unchanged entries is mostly this).
    let inventory = context.inventory()?;
    let records = context.store_path(uvcache::remote::pushed::DIR);
    let options = PushOptions {
        records: records.as_deref(),
        inventory: inventory.as_ref(),
        policy: &effective.policy,
        packages: &packages,
        buckets: context.buckets,
        uv_release: target.map_or_else(String::new, |t| t.version.to_string()),
        dry_run: args.dry_run,
        lock_timeout: lock_timeout(&context)?,
        pushed_by: uvcache::remote::push::who(context.config.environment()),
        progress: &*context.invocation.progress,
        signing_key: signing_key.as_ref(),
        git_ref: args
            .git_ref
            .clone()
            .or_else(|| ci_ref(context.config.environment())),
    };
    let root = context.root.path();
    if !root.is_dir() {
        return Err(CommandError::engine(
            uvcache::Error::MissingCache(root.to_path_buf()),
            context.root_blame.clone(),
        ));
    }
    let report = push_remote(root, &remote, &options).map_err(|e| blame(e, &context))?;
    context.warnings().say_all(report.warnings.iter().cloned());
    let failed: Vec<String> = report
        .entries
        .iter()
        .filter(|e| e.outcome == PushOutcome::Failed)
        .map(|e| e.manifest.entry.clone())
        .collect();
    let mut errors = report.errors.clone();
    if !failed.is_empty() && errors.is_empty() {
        errors.push(format!("not pushed: {}", failed.join(", ")));
    }
    let mut result = record! {
        "remote" => Value::text(remote.name()),
        "url" => Value::text(safe_url(&remote.spec.url)),
        "policy" => Value::text(&effective.policy.name),
        "dry_run" => Value::Bool(args.dry_run),
        "pushed" => Value::count(report.entries.iter().filter(|e| e.outcome == PushOutcome::Pushed).count()),
        "present" => Value::count(report.entries.iter().filter(|e| e.outcome == PushOutcome::Present).count()),
        "signed_by" => Value::opt_text(signing_key.as_ref().map(|k| k.public().name)),
        "signatures_written" => Value::count(report.signed),
        "entry_bytes" => Value::Filesize(report.entry_bytes),
        "bytes_stored" => Value::Filesize(report.stored_bytes),
    };
    traffic(&mut result, &report.traffic, "sent");
    result.push(
        "entries",
        outcome_rows(
            report
                .entries
                .iter()
                .map(|e| (&e.id, &e.manifest, e.outcome.name())),
        ),
    );
    result.push(
        "warnings",
        Value::texts(report.warnings.iter().map(String::as_str)),
    );
    let value: Value = result.into();
    fail_on(&errors, "Push incomplete").map_err(|e| e.with_partial(value.clone()))?;
    Ok(value)
}

/// `uvcache pull REMOTE`.
pub fn pull(invocation: &Invocation, args: &TransferArgs, force: bool) -> Result<Value> {
    let context = Context::load(invocation)?;
    let packages = packages(&args.packages)?;
    let (trust, remote) = trust_and_open(&context, args)?;
    // A named interpreter is asked now (a bad one fails first); the found ones while the
    // remote is read.
    let named = named(&context, args.python.as_deref())?;
    let targets = || targets(&context, named.as_ref());
    let options = PullOptions {
        packages: &packages,
        buckets: context.buckets,
        absolute_links: context
            .target
            .as_ref()
            .is_some_and(|t| t.release.absolute_links),
        targets: &targets,
        dry_run: args.dry_run,
        lock_timeout: lock_timeout(&context)?,
        force,
        progress: &*context.invocation.progress,
        trust: &trust,
    };
    let report =
        pull_remote(context.root.path(), &remote, &options).map_err(|e| blame(e, &context))?;
    context.warnings().say_all(report.problems.iter().cloned());
    let errors: Vec<String> = report
        .entries
        .iter()
        .filter_map(|e| match &e.outcome {
            PullOutcome::Failed(why) => Some(why.clone()),
            _ => None,
        })
        .collect();
    let mut result = record! {
        "remote" => Value::text(remote.name()),
        "url" => Value::text(safe_url(&remote.spec.url)),
        "cache_dir" => Value::text(context.root.path().to_string_lossy()),
        "dry_run" => Value::Bool(args.dry_run),
        "pulled" => Value::count(report.entries.iter().filter(|e| e.outcome == PullOutcome::Pulled).count()),
        "present" => Value::count(report.entries.iter().filter(|e| e.outcome == PullOutcome::Present).count()),
        "failed" => Value::count(errors.len()),
        "not_usable" => Value::count(report.not_usable),
        "untrusted" => Value::count(report.untrusted),
        "unsigned" => Value::count(report.unsigned),
        "entry_bytes" => Value::Filesize(
            report
                .entries
                .iter()
                .filter(|e| e.outcome == PullOutcome::Pulled)
                .map(|e| e.manifest.size)
                .sum(),
        ),
    };
    traffic(&mut result, &report.traffic, "received");
    result.push("entries", pulled_rows(&report));
    result.push(
        "unfit",
        Value::List(
            report
                .unfit
                .iter()
                .map(|(m, reason)| {
                    entry_row(&m.id(), m)
                        .with("reason", Value::text(reason))
                        .into()
                })
                .collect(),
        ),
    );
    // Every pull that returns a report has judged its entries: nothing is found twice.
    result.push(
        "judged_for",
        report.targets.as_ref().map_or(Value::Nothing, judged_for),
    );
    result.push(
        "problems",
        Value::texts(report.problems.iter().map(String::as_str)),
    );
    let value: Value = result.into();
    fail_on(
        &errors,
        "Pull incomplete: these entries were not placed, nothing of them was written",
    )
    .map_err(|e| e.with_partial(value.clone()))?;
    Ok(value)
}

/// `uvcache remote ls REMOTE`: the rows, and the manifests refused (for stderr).
pub fn ls(invocation: &Invocation, args: &TransferArgs) -> Result<Value> {
    let context = Context::load(invocation)?;
    let (trust, remote) = trust_and_open(&context, args)?;
    let named = named(&context, args.python.as_deref())?;
    // The interpreters are found while the remote is read.
    let (targets, listing, uses) = std::thread::scope(|scope| {
        let targets = scope.spawn(|| targets(&context, named.as_ref()));
        let listing = catalog::read(&remote);
        let uses = uvcache::remote::uses::read(&remote);
        (targets.join(), listing, uses)
    });
    let targets =
        targets.map_err(|_| CommandError::engine(uvcache::Error::Interrupted, Blame::Call))?;
    let listing = listing.map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    let uses = uses.map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    let rows = listing
        .manifests
        .iter()
        .map(|(id, m)| {
            let judged = fit::judge(m, context.buckets, &targets);
            let vouch = listing.vouched(id, &trust);
            entry_row(id, m)
                .with("platform", Value::text(&m.platform))
                .with("tags", Value::texts(m.tags.iter().map(String::as_str)))
                .with("builder", builder(m.builder.as_ref()))
                .with("uv_release", Value::text(&m.uv_release))
                .with(
                    "bucket",
                    Value::text(format!("{}-v{}", m.bucket, m.bucket_version)),
                )
                .with("usable", Value::Bool(judged.usable))
                .with("reason", Value::opt_text(judged.reason.as_deref()))
                .with(
                    "signers",
                    Value::texts(
                        listing
                            .signers(id)
                            .iter()
                            .map(|k| k.id())
                            .collect::<Vec<_>>()
                            .iter()
                            .map(String::as_str),
                    ),
                )
                .with("trusted", Value::Bool(vouch.is_some()))
                .with(
                    "signed_by",
                    Value::opt_text(vouch.as_ref().map(|v| v.key.id()).as_deref()),
                )
                .with(
                    "pushed_by",
                    Value::opt_text(
                        vouch
                            .as_ref()
                            .map(|v| v.record.statement.pushed_by.as_str()),
                    ),
                )
                .with("pushed_at", Value::opt_date(vouch.as_ref().map(|v| v.at)))
                .with(
                    "ref",
                    Value::opt_text(
                        vouch
                            .as_ref()
                            .and_then(|v| v.record.statement.git_ref.as_deref()),
                    ),
                )
                .with(
                    "stored_at",
                    Value::opt_date(listing.stored.get(id).copied()),
                )
                .with("last_pulled", Value::opt_date(uses.last.get(id).copied()))
                .into()
        })
        .collect();
    context.warnings().say_all(listing.problems);
    Ok(Value::List(rows))
}

/// `uvcache prune --remote REMOTE`.
pub fn prune(
    invocation: &Invocation,
    reference: &str,
    policy: &PolicyArgs,
    grace: Option<&str>,
    dry_run: bool,
    trusted: &TransferArgs,
) -> Result<Value> {
    let context = Context::load(invocation)?;
    let resolved = spec(&context, reference).map_err(|mut e| {
        e.blame = Blame::Flag("remote");
        e
    })?;
    let trust = trust(&context, &resolved, trusted)?;
    if trust.keys.is_empty() && !trust.unsigned {
        return Err(CommandError::usage(
            "No trusted key",
            "a remote prune judges entries by the times a trusted key signed; with no key, \
             whoever can write to the remote decides what is kept"
                .to_string(),
            Blame::Flag("remote"),
        )
        .with_help(
            "set `trusted-keys` for the remote (or UVCACHE_TRUSTED_KEYS, or --trusted-key), or \
             judge by the store's own times with --trust-unsigned",
        ));
    }
    let remote = open(&context, resolved).map_err(|mut e| {
        e.blame = Blame::Flag("remote");
        e
    })?;
    let grace = match grace {
        None => DEFAULT_GRACE,
        Some(text) => humantime::parse_duration(text.trim()).map_err(|e| {
            CommandError::usage(
                "Invalid grace period",
                format!("`{text}`: {e}"),
                Blame::Flag("grace"),
            )
            .with_help("a duration such as `1h` or `0s`")
        })?,
    };
    let effective = effective(&context.config, policy).map_err(|e| policy_error(e, policy))?;
    let report = prune_remote(
        &remote,
        &RemotePruneOptions {
            policy: &effective.policy,
            buckets: context.buckets,
            clock: Clock::system(),
            grace,
            dry_run,
            trust: &trust,
        },
    )
    .map_err(|e| CommandError::engine(e, Blame::Flag("remote")))?;
    context.warnings().say_all(report.problems.iter().cloned());
    let evicted = report
        .decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Evict);
    let freed: u64 = evicted.clone().map(|d| d.manifest.size).sum();
    let mut result = record! {
        "remote" => Value::text(remote.name()),
        "url" => Value::text(safe_url(&remote.spec.url)),
        "policy" => Value::text(&effective.policy.name),
        "dry_run" => Value::Bool(dry_run),
        "entries_removed" => Value::count(report.manifests_removed),
        "entries_kept" => Value::count(report.decisions.len() as u64 - report.manifests_removed),
        "entry_bytes" => Value::Filesize(freed),
        "objects_removed" => Value::count(report.objects_removed),
        "bytes_removed" => Value::Filesize(report.bytes_removed),
        "objects_in_grace" => Value::count(report.objects_in_grace),
        "warnings" => Value::texts(report.problems.iter().map(String::as_str)),
    };
    let rows = report
        .decisions
        .iter()
        .map(|d| {
            entry_row(&d.id, &d.manifest)
                .with(
                    "decision",
                    Value::text(if d.verdict == Verdict::Keep {
                        "keep"
                    } else {
                        "evict"
                    }),
                )
                .with("reason", Value::text(d.reason.to_string()))
                .with("trusted", Value::Bool(d.signed_by.is_some()))
                .with("signed_by", Value::opt_text(d.signed_by.as_deref()))
                .with("pushed_at", Value::opt_date(d.pushed_at))
                .with("last_pulled", Value::opt_date(d.last_pulled))
                .into()
        })
        .collect();
    result.push("decisions", Value::List(rows));
    Ok(result.into())
}
