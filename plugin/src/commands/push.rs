//! `uvcache push`: upload entries (default: wheels built from source) to a remote.

use nu_plugin::EvaluatedCall;
use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type};
use uvcache_commands::context::help;
use uvcache_commands::pythons::PYTHON;
use uvcache_commands::remote::{self, TransferArgs};

use crate::command::{Caller, UvcacheCommand, example};
use crate::commands::policy::{PolicyFlagsExt, policy_args};
use crate::context::CacheFlags;

/// `uvcache push`.
pub struct Push;

/// The positional remote and the flags of `push`, `pull` and `remote ls`, read from a call
/// (a flag the command does not declare reads as absent).
pub(crate) fn transfer_args(call: &EvaluatedCall) -> Result<TransferArgs, LabeledError> {
    Ok(TransferArgs {
        remote: call.req(0)?,
        packages: call.get_flag("package")?.unwrap_or_default(),
        dry_run: call.has_flag("dry-run")?,
        trusted_keys: call.get_flag("trusted-key")?.unwrap_or_default(),
        trust_unsigned: call.has_flag("trust-unsigned")?,
        git_ref: call.get_flag("ref")?,
        python: call.get_flag("python")?,
    })
}

/// What `pull` and `remote ls` judge entries by: `--trusted-key` (a list) and `--python`.
pub(crate) fn trust_signature(signature: Signature) -> Signature {
    signature
        .named(
            "trusted-key",
            SyntaxShape::List(Box::new(SyntaxShape::String)),
            remote::TRUSTED_KEY,
            None,
        )
        .named("python", SyntaxShape::String, PYTHON, None)
}

/// The signature parts `push` and `pull` share.
pub(crate) fn transfer_signature(signature: Signature) -> Signature {
    signature
        .required("remote", SyntaxShape::String, remote::REMOTE)
        .named(
            "package",
            SyntaxShape::List(Box::new(SyntaxShape::String)),
            remote::PACKAGE,
            Some('p'),
        )
        .switch("dry-run", help::DRY_RUN, Some('n'))
        .cache_flags()
        .input_output_type(Type::Nothing, Type::record())
}

impl UvcacheCommand for Push {
    const NAME: &'static str = "uvcache push";
    const ABOUT: &'static str = remote::PUSH_ABOUT;
    const LONG_ABOUT: &'static str = remote::PUSH_LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] =
        &["upload", "share", "remote", "s3", "webdav", "ci"];

    fn signature(&self, signature: Signature) -> Signature {
        transfer_signature(signature)
            .named("ref", SyntaxShape::String, remote::REF, None)
            .policy_flags()
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache push s3://ci-cache/uv",
                "Share the wheels this cache built from source.",
            ),
            example(
                "uvcache push team --package [numpy scipy] | get bytes_sent",
                "Push two packages' built wheels to the remote `team` of uvcache.toml.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let args = transfer_args(call)?;
        let policy = policy_args(call)?;
        caller.answer(|invocation| remote::push(invocation, &args, &policy))
    }
}
