//! The command line: the same commands and flags as the Nushell plugin, with help texts from the
//! command layer.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use uvcache_commands::context::help;
#[cfg(feature = "fetch")]
use uvcache_commands::fetch;
#[cfg(feature = "remote")]
use uvcache_commands::remote;
use uvcache_commands::{clean, config, dir, doctor, envs, link, ls, policy, prune, size};
#[cfg(feature = "git")]
use uvcache_commands::{git, key};

/// uv's cache as tables and JSON: where it is, what is in it, and what to remove.
#[derive(Debug, Parser)]
#[command(name = "uvcache", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    #[arg(long, short = 'd', global = true, value_name = "DIR", help = help::CACHE_DIR)]
    pub cache_dir: Option<PathBuf>,
    #[arg(long, global = true, help = help::NO_CACHE)]
    pub no_cache: bool,
    #[arg(long, global = true, value_name = "DIR", help = help::STORE_DIR)]
    pub store_dir: Option<PathBuf>,
    #[arg(long, global = true, help = help::STORE)]
    pub store: bool,
    #[arg(long, global = true, help = help::EXACT)]
    pub exact: bool,
    #[arg(long, global = true, value_name = "X.Y.Z", help = help::UV_VERSION)]
    pub uv_version: Option<String>,
    #[arg(long = "environments", global = true, value_name = "GLOB", help = help::ENVIRONMENTS)]
    pub environments: Vec<String>,
    /// Output: aligned tables and uv-style summaries, one JSON document, or one JSON value per
    /// line (rows of tables stream).
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Worker threads for walking and deleting (default: 8 per core, 8 to 32: the work waits
    /// on the disk, not the CPU).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Ndjson,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = dir::ABOUT, long_about = dir::LONG_ABOUT)]
    Dir,
    #[command(about = config::ABOUT, long_about = config::LONG_ABOUT)]
    Config,
    #[command(about = ls::ABOUT, long_about = ls::LONG_ABOUT)]
    Ls(LsArgs),
    #[command(about = envs::ABOUT, long_about = envs::LONG_ABOUT)]
    Envs,
    #[command(about = size::ABOUT, long_about = size::LONG_ABOUT)]
    Size(SizeArgs),
    #[command(about = uvcache_commands::history::ABOUT, long_about = uvcache_commands::history::LONG_ABOUT)]
    History(HistoryArgs),
    #[command(about = clean::ABOUT, long_about = clean::LONG_ABOUT)]
    Clean(CleanArgs),
    #[command(about = prune::ABOUT, long_about = prune::LONG_ABOUT)]
    Prune(PruneArgs),
    #[cfg(feature = "remote")]
    #[command(about = remote::PUSH_ABOUT, long_about = remote::PUSH_LONG_ABOUT)]
    Push(PushArgs),
    #[cfg(feature = "remote")]
    #[command(about = remote::PULL_ABOUT, long_about = remote::PULL_LONG_ABOUT)]
    Pull(PullArgs),
    /// Look at a remote.
    #[cfg(feature = "remote")]
    #[command(subcommand)]
    Remote(RemoteSub),
    #[command(about = policy::ABOUT, long_about = policy::LONG_ABOUT, args_conflicts_with_subcommands = true)]
    Policy(PolicyCommand),
    #[command(about = doctor::ABOUT, long_about = doctor::LONG_ABOUT)]
    Doctor,
    #[cfg(feature = "fetch")]
    #[command(about = fetch::ABOUT, long_about = fetch::LONG_ABOUT)]
    Fetch(FetchArgs),
    #[cfg(feature = "git")]
    #[command(about = git::ABOUT, long_about = git::LONG_ABOUT)]
    Git(GitArgs),
    #[cfg(feature = "git")]
    #[command(about = key::ABOUT, long_about = key::LONG_ABOUT)]
    Key(KeyArgs),
    #[command(about = link::ABOUT, long_about = link::LONG_ABOUT)]
    Link(LinkArgs),
    /// Print the completion script for a shell.
    #[command(
        long_about = "Print the completion script for a shell. The scripts are also \
        checked into the repository's completions/ directory. For Nushell, `use` the module \
        (it declares the commands as externs; load either it or the plugin, not both)."
    )]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Only entries of this bucket.
    #[arg(long, short = 'b', value_parser = PossibleValuesParser::new(ls::BUCKET_NAMES))]
    pub bucket: Option<String>,
    /// Only entries of this package (compared after PEP 503 normalization).
    #[arg(long, short = 'p')]
    pub package: Option<String>,
    /// Only entries of this kind.
    #[arg(long, short = 'k', value_parser = PossibleValuesParser::new(ls::KIND_NAMES))]
    pub kind: Option<String>,
    /// Only entries with this status.
    #[arg(long, short = 's', value_parser = PossibleValuesParser::new(ls::STATUS_NAMES))]
    pub status: Option<String>,
}

#[derive(Debug, Args)]
pub struct SizeArgs {
    /// Breakdown.
    #[arg(long, value_parser = PossibleValuesParser::new(size::BY), default_value = "bucket")]
    pub by: String,
}

/// Flags of destructive commands.
#[derive(Debug, Args)]
pub struct RemovalFlags {
    #[arg(long, short = 'n', help = help::DRY_RUN)]
    pub dry_run: bool,
    #[arg(long, short = 'v', help = help::VERBOSE)]
    pub verbose: bool,
    #[arg(long, short = 'f', help = help::FORCE)]
    pub force: bool,
    #[arg(long, help = help::ALLOW_NON_CACHE)]
    pub allow_non_cache: bool,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Packages whose entries to remove (all entries if none).
    pub packages: Vec<String>,
    #[command(flatten)]
    pub removal: RemovalFlags,
}

/// Policy flags of `prune` and `policy`.
#[derive(Debug, Args)]
pub struct PolicyFlags {
    #[arg(long, value_name = "NAME|FILE", help = help::POLICY, value_hint = clap::ValueHint::FilePath)]
    pub policy: Option<String>,
    #[arg(long, value_name = "SIZE", help = help::MAX_SIZE, allow_hyphen_values = true)]
    pub max_size: Option<String>,
    #[arg(long, value_name = "DURATION", help = help::OLDER_THAN, allow_hyphen_values = true)]
    pub older_than: Option<String>,
    #[arg(long, value_name = "N", help = help::KEEP_LATEST, allow_negative_numbers = true)]
    pub keep_latest: Option<i64>,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    #[arg(long, help = help::CI)]
    pub ci: bool,
    #[arg(long, help = help::AUTO)]
    pub auto: bool,
    #[arg(long, value_name = "DURATION", help = help::INTERVAL)]
    pub interval: Option<String>,
    #[cfg(feature = "remote")]
    #[arg(long, value_name = "REMOTE", help = remote::REMOTE, conflicts_with_all = ["ci", "auto"])]
    pub remote: Option<String>,
    #[cfg(feature = "remote")]
    #[arg(long, value_name = "DURATION", help = remote::GRACE, requires = "remote")]
    pub grace: Option<String>,
    #[cfg(feature = "remote")]
    #[arg(long = "trusted-key", value_name = "NAME:BASE64", help = remote::TRUSTED_KEY, requires = "remote")]
    pub trusted_keys: Vec<String>,
    #[cfg(feature = "remote")]
    #[arg(long, help = remote::PRUNE_TRUST_UNSIGNED, requires = "remote")]
    pub trust_unsigned: bool,
    #[command(flatten)]
    pub removal: RemovalFlags,
    #[command(flatten)]
    pub policy: PolicyFlags,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Draw the total and the largest buckets over time into FILE: SVG, or PNG when FILE ends
    /// in `.png` (its text needs a TrueType font on the system, such as DejaVu Sans).
    #[cfg(feature = "plot")]
    #[arg(long, value_name = "FILE.svg|FILE.png")]
    pub plot: Option<PathBuf>,
}

/// What `push` and `pull` share: the remote, the packages, and a dry run.
#[cfg(feature = "remote")]
#[derive(Debug, Args)]
pub struct TransferFlags {
    #[arg(help = remote::REMOTE)]
    pub remote: String,
    #[arg(long, short = 'p', value_name = "PACKAGE", help = remote::PACKAGE)]
    pub package: Vec<String>,
    #[arg(long, short = 'n', help = help::DRY_RUN)]
    pub dry_run: bool,
}

#[cfg(feature = "remote")]
#[derive(Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub transfer: TransferFlags,
    #[arg(long = "ref", value_name = "REF", help = remote::REF)]
    pub git_ref: Option<String>,
    #[command(flatten)]
    pub policy: PolicyFlags,
}

#[cfg(feature = "remote")]
#[derive(Debug, Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub transfer: TransferFlags,
    #[command(flatten)]
    pub trust: TrustFlags,
    #[arg(long, help = remote::TRUST_UNSIGNED)]
    pub trust_unsigned: bool,
    #[arg(long, help = help::ALLOW_NON_CACHE)]
    pub allow_non_cache: bool,
}

/// What `pull` and `remote ls` judge entries by: the keys they trust besides the configured
/// ones, and the interpreter.
#[cfg(feature = "remote")]
#[derive(Debug, Args)]
pub struct TrustFlags {
    #[arg(long = "trusted-key", value_name = "NAME:BASE64", help = remote::TRUSTED_KEY)]
    pub trusted_keys: Vec<String>,
    #[arg(long, value_name = "VERSION|PATH", help = uvcache_commands::pythons::PYTHON)]
    pub python: Option<String>,
}

#[cfg(feature = "remote")]
#[derive(Debug, Subcommand)]
pub enum RemoteSub {
    #[command(about = remote::LS_ABOUT, long_about = remote::LS_LONG_ABOUT)]
    Ls {
        #[arg(help = remote::REMOTE)]
        remote: String,
        #[command(flatten)]
        trust: TrustFlags,
    },
    #[command(about = remote::KEYGEN_ABOUT, long_about = remote::KEYGEN_LONG_ABOUT)]
    Keygen {
        /// The key's name (letters, digits, -, _, .).
        name: String,
        #[arg(long, short = 'o', value_name = "FILE", help = remote::OUTPUT, value_hint = clap::ValueHint::FilePath)]
        output: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct PolicyCommand {
    #[command(subcommand)]
    pub command: Option<PolicySub>,
    #[command(flatten)]
    pub policy: PolicyFlags,
}

#[derive(Debug, Subcommand)]
pub enum PolicySub {
    #[command(about = policy::CHECK_ABOUT)]
    Check {
        /// The policy TOML file.
        #[arg(value_hint = clap::ValueHint::FilePath)]
        file: PathBuf,
    },
}

/// Network flags of `fetch` and `git`.
#[cfg(any(feature = "fetch", feature = "git"))]
#[derive(Debug, Args)]
pub struct NetworkFlags {
    #[arg(long, help = help::REFRESH)]
    pub refresh: bool,
    #[arg(long, value_name = "NAME|GLOB", help = help::REFRESH_PACKAGE)]
    pub refresh_package: Vec<String>,
    #[arg(long, help = help::OFFLINE)]
    pub offline: bool,
}

#[cfg(any(feature = "fetch", feature = "git"))]
impl From<NetworkFlags> for uvcache_commands::context::Network {
    fn from(flags: NetworkFlags) -> Self {
        Self {
            refresh: flags.refresh,
            refresh_package: flags.refresh_package,
            offline: flags.offline,
        }
    }
}

#[cfg(feature = "fetch")]
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The URL (http, https, file) or a local path.
    #[arg(value_hint = clap::ValueHint::Url)]
    pub url: String,
    #[command(flatten)]
    pub network: NetworkFlags,
    #[arg(long, help = help::UNPACK)]
    pub unpack: bool,
}

#[cfg(feature = "git")]
#[derive(Debug, Args)]
pub struct GitArgs {
    /// The repository URL (https, ssh, file) or a local path.
    #[arg(value_hint = clap::ValueHint::Url)]
    pub url: String,
    #[arg(long, value_name = "REF", help = help::REV)]
    pub rev: Option<String>,
    #[command(flatten)]
    pub network: NetworkFlags,
}

#[cfg(feature = "git")]
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// The project directory (default: the current directory).
    #[arg(value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<String>,
    #[arg(long, value_name = "FILE", help = help::COMPARE_FILE, value_hint = clap::ValueHint::FilePath)]
    pub compare: Option<PathBuf>,
    #[arg(long, help = help::REINSTALL_KEY)]
    pub reinstall: bool,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The stored archive or checkout (a path returned by fetch or git).
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub entry: String,
    /// The destination directory.
    #[arg(value_hint = clap::ValueHint::DirPath)]
    pub dest: String,
    #[arg(long, value_parser = PossibleValuesParser::new(link::MODES), help = help::MODE)]
    pub mode: Option<String>,
    #[arg(long, help = help::REINSTALL_LINK)]
    pub reinstall: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells with a completion generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Nushell,
    Powershell,
}
