//! `uvcache history`: the cache's size over time.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, Type};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// `uvcache history`.
pub struct History;

impl UvcacheCommand for History {
    const NAME: &'static str = "uvcache history";
    const ABOUT: &'static str = uvcache_commands::history::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::history::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["trend", "growth", "chart", "size"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .cache_flags()
            .input_output_type(Type::Nothing, Type::table())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache history | select time total",
                "The cache's total over time.",
            ),
            example(
                "uvcache history | last 30 | get total | math max",
                "The largest the cache was over its last 30 points.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        caller.answer(uvcache_commands::history::run)
    }
}
