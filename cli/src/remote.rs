//! The remote commands' front: `push`, `pull`, `remote ls` and `prune --remote`.

use uvcache_commands::remote::TransferArgs;
use uvcache_commands::{CommandError, Invocation, Value};

use crate::args::{PruneArgs, PullArgs, PushArgs, TransferFlags, TrustFlags};
use crate::policy_args;
use crate::progress::Spinner;

pub(crate) fn prune(invocation: &Invocation, args: PruneArgs) -> Result<Value, CommandError> {
    let spinner = Spinner::start("pruning the remote", &invocation.env);
    uvcache_commands::remote::prune(
        &spinner.attach(invocation),
        args.remote.as_deref().unwrap_or_default(),
        &policy_args(args.policy),
        args.grace.as_deref(),
        args.removal.dry_run,
        &TransferArgs {
            trusted_keys: args.trusted_keys,
            trust_unsigned: args.trust_unsigned,
            ..Default::default()
        },
    )
}

pub(crate) fn push(invocation: &Invocation, args: PushArgs) -> Result<Value, CommandError> {
    let spinner = Spinner::start("pushing", &invocation.env);
    let transfer = TransferArgs {
        git_ref: args.git_ref,
        ..transfer(args.transfer)
    };
    uvcache_commands::remote::push(
        &spinner.attach(invocation),
        &transfer,
        &policy_args(args.policy),
    )
}

pub(crate) fn pull(invocation: &Invocation, args: PullArgs) -> Result<Value, CommandError> {
    let spinner = Spinner::start("pulling", &invocation.env);
    let transfer = TransferArgs {
        trusted_keys: args.trust.trusted_keys,
        python: args.trust.python,
        trust_unsigned: args.trust_unsigned,
        ..transfer(args.transfer)
    };
    uvcache_commands::remote::pull(&spinner.attach(invocation), &transfer, args.allow_non_cache)
}

pub(crate) fn ls(
    invocation: &Invocation,
    remote: String,
    trust: TrustFlags,
) -> Result<Value, CommandError> {
    let spinner = Spinner::start("reading the remote", &invocation.env);
    let args = TransferArgs {
        remote,
        trusted_keys: trust.trusted_keys,
        python: trust.python,
        ..Default::default()
    };
    uvcache_commands::remote::ls(&spinner.attach(invocation), &args)
}

/// What `push` and `pull` share.
fn transfer(flags: TransferFlags) -> TransferArgs {
    TransferArgs {
        remote: flags.remote,
        packages: flags.package,
        dry_run: flags.dry_run,
        ..Default::default()
    }
}
