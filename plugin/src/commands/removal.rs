//! The flags `uvcache clean` and `uvcache prune` share.

use nu_plugin::EvaluatedCall;
use nu_protocol::{LabeledError, Signature, Type};
use uvcache_commands::context::help;
use uvcache_commands::removal::RemovalArgs;

/// Adds the flags of destructive commands.
pub trait RemovalFlags {
    /// `--dry-run`, `--verbose`, `--force`, `--allow-non-cache`.
    fn removal_flags(self) -> Self;
}

impl RemovalFlags for Signature {
    fn removal_flags(self) -> Self {
        self.switch("dry-run", help::DRY_RUN, Some('n'))
            .switch("verbose", help::VERBOSE, Some('v'))
            .switch("force", help::FORCE, Some('f'))
            .switch("allow-non-cache", help::ALLOW_NON_CACHE, None)
    }
}

/// Reads the removal flags.
pub fn removal_args(call: &EvaluatedCall) -> Result<RemovalArgs, LabeledError> {
    Ok(RemovalArgs {
        dry_run: call.has_flag("dry-run")?,
        verbose: call.has_flag("verbose")?,
        force: call.has_flag("force")?,
        allow_non_cache: call.has_flag("allow-non-cache")?,
    })
}

/// The declared output: a summary record (with `items` for dry runs and --verbose).
pub fn output_type() -> Type {
    Type::record()
}
