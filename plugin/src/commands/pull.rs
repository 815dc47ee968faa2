//! `uvcache pull`: bring a remote's usable entries into the cache.

use nu_protocol::{Example, LabeledError, PipelineData, Signature};
use uvcache_commands::context::help;
use uvcache_commands::remote;

use crate::command::{Caller, UvcacheCommand, example};
use crate::commands::push::{transfer_args, transfer_signature, trust_signature};

/// `uvcache pull`.
pub struct Pull;

impl UvcacheCommand for Pull {
    const NAME: &'static str = "uvcache pull";
    const ABOUT: &'static str = remote::PULL_ABOUT;
    const LONG_ABOUT: &'static str = remote::PULL_LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] =
        &["download", "restore", "remote", "s3", "webdav", "ci"];

    fn signature(&self, signature: Signature) -> Signature {
        trust_signature(transfer_signature(signature))
            .switch("trust-unsigned", remote::TRUST_UNSIGNED, None)
            .switch("allow-non-cache", help::ALLOW_NON_CACHE, None)
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache pull s3://ci-cache/uv | get pulled",
                "Before `uv sync` in CI: take every built wheel this runner can use.",
            ),
            example(
                "uvcache pull team --dry-run | get entries | where outcome == pulled",
                "What a pull would bring in.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let args = transfer_args(call)?;
        let force = call.has_flag("allow-non-cache")?;
        caller.answer(|invocation| remote::pull(invocation, &args, force))
    }
}
