//! Command errors: an engine error, or a bad argument, with what to blame and how to exit.

use uvcache::Error;

/// What part of the invocation an error is about; front ends point at it (a Nushell span, or
/// the flag's name on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blame {
    /// The command as a whole.
    Call,
    /// A named flag (long name, without dashes).
    Flag(&'static str),
    /// The positional argument at this index (counting a rest argument's items).
    Arg(usize),
}

/// How a failure ends a CLI process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    /// Something went wrong (exit code 1).
    Failure,
    /// An argument or setting is wrong (exit code 2, as for usage errors).
    Usage,
    /// uv's cache lock could not be taken in time (exit code 3).
    Busy,
    /// Interrupted by ctrl-c (exit code 130).
    Interrupted,
}

impl ExitKind {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitKind::Failure => 1,
            ExitKind::Usage => 2,
            ExitKind::Busy => 3,
            ExitKind::Interrupted => 130,
        }
    }
}

/// A failed command: a title, a label for the blamed part, an optional hint.
#[derive(Debug, Clone)]
pub struct CommandError {
    /// Short summary ("Invalid policy").
    pub title: String,
    /// What is wrong with the blamed part.
    pub label: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Where it points.
    pub blame: Blame,
    /// How the CLI exits.
    pub exit: ExitKind,
    /// What a command that failed part-way did, shown with the error (a pull's report).
    pub partial: Option<Box<crate::Value>>,
}

/// Result of a command.
pub type Result<T, E = CommandError> = std::result::Result<T, E>;

impl CommandError {
    /// A bad argument.
    pub fn usage(title: impl Into<String>, label: impl Into<String>, blame: Blame) -> CommandError {
        CommandError {
            title: title.into(),
            label: label.into(),
            help: None,
            blame,
            exit: ExitKind::Usage,
            partial: None,
        }
    }

    /// Adds what the command did before it failed.
    pub fn with_partial(mut self, value: crate::Value) -> CommandError {
        self.partial = Some(Box::new(value));
        self
    }

    /// A failure.
    pub fn failure(
        title: impl Into<String>,
        label: impl Into<String>,
        blame: Blame,
    ) -> CommandError {
        CommandError {
            exit: ExitKind::Failure,
            ..CommandError::usage(title, label, blame)
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> CommandError {
        self.help = Some(help.into());
        self
    }

    /// An engine error, blaming `blame`.
    pub fn engine(error: Error, blame: Blame) -> CommandError {
        let label = error.to_string();
        let (title, help, exit) = match &error {
            Error::ConfigRead { path, .. } | Error::ConfigSyntax { path, .. } => (
                "Invalid configuration file",
                Some(format!("fix or remove `{}`", path.display())),
                ExitKind::Usage,
            ),
            Error::ConfigValue { file, .. } => (
                "Invalid configuration value",
                file.as_ref()
                    .map(|f| format!("fix the value in `{}`", f.display())),
                ExitKind::Usage,
            ),
            Error::EnvValue { key, .. } => (
                "Invalid environment variable",
                Some(format!("fix or unset ${key}")),
                ExitKind::Usage,
            ),
            Error::NotADirectory(_) => (
                "Not a cache directory",
                Some("pass a directory with --cache-dir".into()),
                ExitKind::Usage,
            ),
            Error::MissingCache(_) => ("No cache found", None, ExitKind::Failure),
            Error::LockTimeout { .. } => ("Cache is in use", None, ExitKind::Busy),
            Error::NotACache(_) => (
                "Not a uv cache",
                Some(
                    "check the directory; pass --allow-non-cache if you really mean to delete in it"
                        .into(),
                ),
                ExitKind::Usage,
            ),
            Error::OutsideRoot(_) => ("Refused", None, ExitKind::Failure),
            Error::Policy { file, line, .. } => (
                "Invalid policy",
                Some(if *line == 0 {
                    format!("fix `{file}`, or check a policy file with `uvcache policy check`")
                } else {
                    format!("fix line {line} of `{file}`, or check it with `uvcache policy check`")
                }),
                ExitKind::Usage,
            ),
            Error::Interrupted => ("Interrupted", None, ExitKind::Interrupted),
            Error::NoStoreDir | Error::StoreInsideCache { .. } => (
                "Invalid store directory",
                Some("pass --store-dir or set UVCACHE_STORE_DIR".into()),
                ExitKind::Usage,
            ),
            Error::Fetch { .. } => ("Fetch failed", None, ExitKind::Failure),
            Error::Git { .. } => ("Git failed", None, ExitKind::Failure),
            Error::Remote { .. } => ("Remote failed", None, ExitKind::Failure),
            Error::Integrity { .. } => ("Integrity check failed", None, ExitKind::Failure),
            Error::Key { .. } => ("Cannot compute the cache key", None, ExitKind::Usage),
            Error::Link { .. } | Error::StoreEntry { .. } => {
                ("Link failed", None, ExitKind::Failure)
            }
            _ => ("uvcache failed", None, ExitKind::Failure),
        };
        CommandError {
            title: title.into(),
            label: if matches!(error, Error::Interrupted) {
                "interrupted by ctrl-c".into()
            } else {
                label
            },
            help,
            blame,
            exit,
            partial: None,
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.title, self.label)
    }
}

impl std::error::Error for CommandError {}

/// Checks that `name` looks like a package name (letters, digits, `-`, `_`, `.`), blaming
/// `blame` when it does not.
pub fn package_name(name: &str, blame: Blame) -> Result<()> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        return Ok(());
    }
    Err(CommandError::usage(
        format!("Invalid package name `{name}`"),
        "not a package name",
        blame,
    )
    .with_help("package names are letters, digits, `-`, `_` and `.`"))
}

/// Checks a value against a list of names, blaming the flag.
pub fn one_of(value: Option<&str>, names: &[&str], what: &str, flag: &'static str) -> Result<()> {
    match value {
        Some(value) if !names.contains(&value) => Err(CommandError::usage(
            format!("Unknown {what} `{value}`"),
            format!("not a {what}"),
            Blame::Flag(flag),
        )
        .with_help(format!("expected one of: {}", names.join(", ")))),
        _ => Ok(()),
    }
}
