//! `uvcache git`: a git reference resolved to a commit, checked out in the store.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type};
use uvcache_commands::context::help;

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::{CacheFlags, network_args};

/// `uvcache git`.
pub struct Git;

impl UvcacheCommand for Git {
    const NAME: &'static str = "uvcache git";
    const ABOUT: &'static str = uvcache_commands::git::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::git::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] =
        &["repository", "commit", "checkout", "rev-parse"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .required(
                "url",
                SyntaxShape::String,
                "Repository URL (https, ssh, file) or a local path.",
            )
            .named("rev", SyntaxShape::String, help::REV, None)
            .network_flags()
            .cache_flags()
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache git https://github.com/pallets/flask --rev 3.1.0 | get commit",
                "The commit a tag names.",
            ),
            example(
                "uvcache git $repo --rev main --refresh",
                "Fetch first: see where the branch is now.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let args = uvcache_commands::git::GitArgs {
            rev: call.get_flag("rev")?,
            network: network_args(call)?,
        };
        let url: String = call.req(0)?;
        caller.answer(|invocation| uvcache_commands::git::run(invocation, &url, &args))
    }
}
