//! `uvcache doctor`: checks with status and advice.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, Type};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;
use crate::values::{nullable, table_of};

/// `uvcache doctor`.
pub struct Doctor;

impl UvcacheCommand for Doctor {
    const NAME: &'static str = "uvcache doctor";
    const ABOUT: &'static str = uvcache_commands::doctor::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::doctor::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["check", "health", "diagnose"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .cache_flags()
            .environment_flag()
            .input_output_type(
                Type::Nothing,
                table_of([
                    ("check", Type::String),
                    ("status", Type::String),
                    ("detail", Type::String),
                    ("advice", nullable(Type::String)),
                ]),
            )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example("uvcache doctor", "Every check."),
            example(
                "uvcache doctor | where status in [warn error]",
                "Only what needs attention.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        caller.answer(uvcache_commands::doctor::run)
    }
}
