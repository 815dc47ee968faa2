//! The `uvcache` command: parses arguments with clap, runs the shared command layer
//! (`uvcache-commands`, the same code the Nushell plugin runs), and prints tables or JSON.
//!
//! Exit codes: 0 success, 1 failure (or a `doctor` check with status `error`), 2 usage (bad
//! flag, value or setting), 3 uv's lock busy past UV_LOCK_TIMEOUT, 130 interrupted.

pub mod args;
mod chart;
pub mod completions;
#[cfg(any(feature = "fetch", feature = "git"))]
mod freshness;
mod interrupt;
#[cfg(feature = "plot")]
mod plot;
mod progress;
#[cfg(feature = "remote")]
mod remote;
pub mod render;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use uvcache::config::Flags;
use uvcache_commands::removal::{PolicyArgs, RemovalArgs};
use uvcache_commands::{Blame, CommandError, Invocation, Value};

#[cfg(feature = "remote")]
use crate::args::RemoteSub;
use crate::args::{Cli, Command, Format, PolicySub};
use crate::progress::Spinner;

/// Runs the command line `args` (program name first) and returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let env = match uvcache::Environment::from_process() {
        Ok(env) => env,
        Err(e) => {
            eprintln!("error: cannot read the current directory: {e}");
            return ExitCode::from(1);
        }
    };
    let mut invocation = Invocation::new(
        env,
        Flags {
            cache_dir: cli.global.cache_dir.clone(),
            no_cache: cli.global.no_cache,
            store_dir: cli.global.store_dir.clone(),
            uv_version: cli.global.uv_version.clone(),
            environments: cli.global.environments.clone(),
        },
    );
    invocation.store = cli.global.store;
    invocation.exact = cli.global.exact;
    invocation.threads = cli.global.threads.map(usize::from);
    invocation.interrupted = interrupt::on_ctrl_c();
    let format = cli.global.format;
    let result = run(&invocation, cli.command, format);
    // What was said before a failure, or by a command that printed nothing.
    warn(invocation.warnings.take());
    match result {
        Ok(code) => code,
        Err(error) => {
            // What a command did before it failed goes to stdout, as its output would.
            if let Some(partial) = &error.partial {
                let _ = print_value(partial, format);
            }
            report(&error);
            ExitCode::from(error.exit.code())
        }
    }
}

/// Prints an error the way the flag it blames was typed.
fn report(error: &CommandError) {
    let blame = match &error.blame {
        Blame::Call => String::new(),
        Blame::Flag(name) if error.title.contains(&format!("--{name}")) => String::new(),
        Blame::Flag(name) => format!(" (--{name})"),
        Blame::Arg(i) => format!(" (argument {})", i + 1),
    };
    eprintln!("error: {}{blame}\n  {}", error.title, error.label);
    if let Some(help) = &error.help {
        eprintln!("  help: {help}");
    }
}

fn removal_args(flags: &args::RemovalFlags) -> RemovalArgs {
    RemovalArgs {
        dry_run: flags.dry_run,
        verbose: flags.verbose,
        force: flags.force,
        allow_non_cache: flags.allow_non_cache,
    }
}

fn policy_args(flags: args::PolicyFlags) -> PolicyArgs {
    PolicyArgs {
        policy: flags.policy,
        max_size: flags.max_size,
        older_than: flags.older_than,
        keep_latest: flags.keep_latest,
    }
}

fn run(
    invocation: &Invocation,
    command: Command,
    format: Format,
) -> Result<ExitCode, CommandError> {
    let env = &invocation.env;
    let with_spinner = |label: &str| Spinner::start(label, env);
    // Only `doctor` fails by what its value says: a check with status `error`.
    let judged = matches!(command, Command::Doctor);
    let value = match command {
        Command::Completions(args) => {
            let _ = std::io::stdout().write_all(&completions::script(args.shell));
            return Ok(ExitCode::SUCCESS);
        }
        Command::Ls(args) => {
            ls(invocation, args, format)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Dir => uvcache_commands::dir::run(invocation)?,
        Command::Envs => {
            let spinner = with_spinner("reading environments");
            uvcache_commands::envs::run(&spinner.attach(invocation))?
        }
        Command::Config => uvcache_commands::config::run(invocation)?,
        Command::Size(args) => {
            let spinner = with_spinner("measuring the cache");
            uvcache_commands::size::run(&spinner.attach(invocation), Some(&args.by))?
        }
        Command::Clean(args) => {
            let spinner = with_spinner("cleaning");
            let removal = removal_args(&args.removal);
            uvcache_commands::clean::run(&spinner.attach(invocation), &args.packages, removal)?
        }
        #[cfg(feature = "remote")]
        Command::Prune(args) if args.remote.is_some() => remote::prune(invocation, args)?,
        #[cfg(feature = "remote")]
        Command::Push(args) => remote::push(invocation, args)?,
        #[cfg(feature = "remote")]
        Command::Pull(args) => remote::pull(invocation, args)?,
        #[cfg(feature = "remote")]
        Command::Remote(RemoteSub::Keygen { name, output }) => {
            uvcache_commands::remote::keygen(invocation, &name, output.as_deref())?
        }
        #[cfg(feature = "remote")]
        Command::Remote(RemoteSub::Ls { remote, trust }) => remote::ls(invocation, remote, trust)?,
        Command::Prune(args) => prune(invocation, args)?,
        Command::Policy(args) => match args.command {
            Some(PolicySub::Check { file }) => uvcache_commands::policy::check(invocation, &file)?,
            None => uvcache_commands::policy::show(invocation, &policy_args(args.policy))?,
        },
        Command::History(args) => history(invocation, args, format)?,
        Command::Doctor => {
            let spinner = with_spinner("checking");
            uvcache_commands::doctor::run(&spinner.attach(invocation))?
        }
        #[cfg(feature = "fetch")]
        Command::Fetch(args) => freshness::fetch(invocation, args)?,
        #[cfg(feature = "git")]
        Command::Git(args) => freshness::git(invocation, args)?,
        #[cfg(feature = "git")]
        Command::Key(args) => freshness::key(invocation, args)?,
        Command::Link(args) => link(invocation, args)?,
    };
    let failed = judged && uvcache_commands::doctor::has_error(&value);
    // What the command said comes before its output, as it did when commands printed it.
    warn(invocation.warnings.take());
    finish(print_value(&value, format).map_err(Failure::from))?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The warnings the command said ([`uvcache_commands::Warnings`]), on standard error.
fn warn(warnings: impl IntoIterator<Item = impl std::fmt::Display>) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// `ls`: rows printed as they come (NDJSON streams).
fn ls(invocation: &Invocation, args: args::LsArgs, format: Format) -> Result<(), CommandError> {
    let filter = uvcache_commands::ls::Filter {
        bucket: args.bucket,
        package: args.package,
        kind: args.kind,
        status: args.status,
    };
    let spinner = Spinner::start("listing the cache", &invocation.env);
    let rows = uvcache_commands::ls::run(&spinner.attach(invocation), filter)?;
    warn(invocation.warnings.take());
    finish(print_rows(rows, format, spinner))
}

/// `prune` of the cache (`--auto` draws nothing: it runs from shell start-up files).
fn prune(invocation: &Invocation, args: args::PruneArgs) -> Result<Value, CommandError> {
    let spinner = (!args.auto).then(|| Spinner::start("pruning", &invocation.env));
    let invocation = &spinner
        .as_ref()
        .map_or_else(|| invocation.clone(), |s| s.attach(invocation));
    let args = uvcache_commands::prune::PruneArgs {
        ci: args.ci,
        auto: args.auto,
        interval: args.interval,
        removal: removal_args(&args.removal),
        policy: policy_args(args.policy),
    };
    uvcache_commands::prune::run(invocation, args)
}

/// `history`, with its chart (and `--plot` file where built with plotting).
fn history(
    invocation: &Invocation,
    args: args::HistoryArgs,
    format: Format,
) -> Result<Value, CommandError> {
    let value = uvcache_commands::history::run(invocation)?;
    #[cfg(feature = "plot")]
    if let Some(file) = &args.plot {
        plot::draw(&value, file)?;
    }
    #[cfg(not(feature = "plot"))]
    let _ = args;
    if format == Format::Human {
        chart::print_totals(&value);
    }
    Ok(value)
}

fn link(invocation: &Invocation, args: args::LinkArgs) -> Result<Value, CommandError> {
    uvcache_commands::link::run(
        invocation,
        &args.entry,
        &args.dest,
        args.mode.as_deref(),
        args.reinstall,
    )
}

/// Why printing stopped: a row's error, or a write error.
enum Failure {
    Command(CommandError),
    Io(std::io::Error),
}

impl From<CommandError> for Failure {
    fn from(e: CommandError) -> Failure {
        Failure::Command(e)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

/// A closed pipe (`uvcache ls | head`) ends the output, as for other command-line tools; any
/// other write error is a failure.
fn finish(result: Result<(), Failure>) -> Result<(), CommandError> {
    match result {
        Ok(()) => Ok(()),
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(Failure::Io(e)) => Err(CommandError::failure(
            "Cannot write the output",
            e.to_string(),
            Blame::Call,
        )),
        Err(Failure::Command(e)) => Err(e),
    }
}

/// Columns of `ls` in human output (JSON has them all).
const LS_COLUMNS: [&str; 7] = [
    "package", "version", "kind", "size", "last_use", "status", "path",
];

fn print_rows(
    rows: uvcache_commands::ls::Rows,
    format: Format,
    spinner: Spinner,
) -> Result<(), Failure> {
    if format == Format::Ndjson {
        drop(spinner);
        return print_ndjson(rows);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let rows: Vec<Value> = rows.collect::<Result<_, _>>()?;
    drop(spinner);
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &render::Json(&Value::List(rows)))
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        render::table(&mut out, &rows, &LS_COLUMNS)?;
    }
    out.flush()?;
    Ok(())
}

/// Rows in a batch handed to the writer: small enough that rows still flow as a walk yields
/// them.
const BATCH: usize = 256;

/// Rows as NDJSON, each batch printed as soon as it is full. Rows are made on this thread
/// (walking, or reading the index) while another one encodes and writes them: on a full `ls`
/// from the index the two take about as long.
fn print_ndjson(rows: uvcache_commands::ls::Rows) -> Result<(), Failure> {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Value>>(8);
        let writer = scope.spawn(move || -> std::io::Result<()> {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
            for batch in receive {
                for row in &batch {
                    json_line(&mut out, row)?;
                }
                out.flush()?;
            }
            Ok(())
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut failed = None;
        for row in rows {
            match row {
                Ok(row) => batch.push(row),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
            // A writer that stopped (a closed pipe) says why when joined.
            if batch.len() == BATCH
                && send
                    .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                    .is_err()
            {
                break;
            }
        }
        let _ = send.send(batch);
        drop(send);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")));
        match failed {
            Some(e) => Err(Failure::Command(e)),
            None => written.map_err(Failure::Io),
        }
    })
}

/// One value as a line of JSON.
fn json_line(out: &mut impl Write, value: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &render::Json(value)).map_err(std::io::Error::from)?;
    writeln!(out)
}

fn print_value(value: &Value, format: Format) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &render::Json(value))?;
            writeln!(out)?;
        }
        Format::Ndjson => match value {
            Value::List(rows) => {
                for row in rows {
                    json_line(&mut out, row)?;
                }
            }
            other => json_line(&mut out, other)?,
        },
        Format::Human => human(&mut out, value)?,
    }
    out.flush()
}

/// Human output: uv's one-line summaries for removals, the path for `dir`, tables otherwise.
fn human(out: &mut dyn Write, value: &Value) -> std::io::Result<()> {
    match value {
        Value::List(rows) => render::table(out, rows, &[]),
        Value::Record(record) if record.get("operation").is_some() => {
            let auto = record.get("ran").is_some();
            for table in ["decisions", "items"] {
                if let Some(Value::List(rows)) = record.get(table)
                    && !rows.is_empty()
                {
                    render::table(out, rows, &[])?;
                }
            }
            let removed = |key| matches!(record.get(key), Some(Value::Int(n)) if *n > 0);
            // `--auto` says nothing unless it removed something.
            if (!auto || removed("files") || removed("directories"))
                && let Some(message) = record.get("message")
            {
                writeln!(out, "{}", render::cell(message))?;
            }
            Ok(())
        }
        Value::Record(record) if record.get("is_uv_cache").is_some() => {
            writeln!(
                out,
                "{}",
                render::cell(record.get("path").unwrap_or(&Value::Nothing))
            )
        }
        Value::Record(record) if record.get("total").is_some() => {
            for (key, value) in record.iter() {
                if let Value::List(rows) = value {
                    render::table(out, rows, &[])?;
                } else if key == "total" {
                    writeln!(out, "total  {}", render::cell(value))?;
                }
            }
            Ok(())
        }
        Value::Record(record) => render::record(out, record),
        other => writeln!(out, "{}", render::cell(other)),
    }
}
