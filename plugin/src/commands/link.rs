//! `uvcache link`: a stored archive or checkout materialized with uv's link modes.

use nu_protocol::{
    Completion, Example, Flag, LabeledError, PipelineData, Signature, SyntaxShape, Type,
};
use uvcache_commands::context::help;

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// `uvcache link`.
pub struct Link;

impl UvcacheCommand for Link {
    const NAME: &'static str = "uvcache link";
    const ABOUT: &'static str = uvcache_commands::link::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::link::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["hardlink", "reflink", "clone", "install"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .required(
                "entry",
                SyntaxShape::String,
                "A path in the store (as fetch or git return).",
            )
            .required("dest", SyntaxShape::Directory, "The destination directory.")
            .param(
                Flag::new("mode")
                    .arg(SyntaxShape::String)
                    .desc(help::MODE)
                    .completion(Completion::new_list(&uvcache_commands::link::MODES)),
            )
            .switch("reinstall", help::REINSTALL_LINK, None)
            .cache_flags()
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache link (uvcache fetch $wheel_url --unpack | get path) .venv/lib/python3.12/site-packages",
                "Install an unpacked wheel's files by hardlink or clone.",
            ),
            example(
                "uvcache link $entry $dest --mode copy --reinstall",
                "Replace what is there with copies.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let entry: String = call.req(0)?;
        let dest: String = call.req(1)?;
        let mode: Option<String> = call.get_flag("mode")?;
        let reinstall = call.has_flag("reinstall")?;
        caller.answer(|invocation| {
            uvcache_commands::link::run(invocation, &entry, &dest, mode.as_deref(), reinstall)
        })
    }
}
