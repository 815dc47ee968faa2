//! `uvcache clean`: remove the whole cache, or the entries of some packages, as uv does.

use nu_plugin::EngineInterface;
use nu_protocol::engine::ArgType;
use nu_protocol::{
    DynamicSuggestion, Example, LabeledError, PipelineData, Signature, SyntaxShape, Type,
};

use crate::command::{Caller, UvcacheCommand, example};
use crate::commands::removal::{RemovalFlags, removal_args};
use crate::context::CacheFlags;

/// `uvcache clean`.
pub struct Clean;

impl UvcacheCommand for Clean {
    const NAME: &'static str = "uvcache clean";
    const ABOUT: &'static str = uvcache_commands::clean::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::clean::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["remove", "delete", "clear", "rm"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .rest(
                "packages",
                SyntaxShape::String,
                "Packages whose entries to remove (all entries if none).",
            )
            .cache_flags()
            .removal_flags()
            .input_output_type(Type::Nothing, super::removal::output_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache clean torch --dry-run | get items",
                "What cleaning torch would remove, and why.",
            ),
            example(
                "uvcache clean six requests",
                "Remove the entries of two packages.",
            ),
            Example {
                example: "uvcache clean --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has nothing to clean.",
                result: Some(crate::values::test_value(
                    uvcache_commands::prune::missing_cache("clean"),
                )),
            },
        ]
    }

    fn completes(
        &self,
        engine: &EngineInterface,
        arg_type: ArgType,
    ) -> Option<Vec<DynamicSuggestion>> {
        match arg_type {
            ArgType::Positional(_) => crate::completion::packages(engine),
            _ => None,
        }
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let packages: Vec<String> = call.rest(0)?;
        let args = removal_args(call)?;
        caller.answer(|invocation| uvcache_commands::clean::run(invocation, &packages, args))
    }
}
