//! `uvcache config`: every setting every layer sets, the active one marked.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, Type};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;
use crate::values::{nullable, table_of};

/// `uvcache config`.
pub struct Config;

impl UvcacheCommand for Config {
    const NAME: &'static str = "uvcache config";
    const ABOUT: &'static str = uvcache_commands::config::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::config::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["settings", "layers", "uv.toml"];

    fn signature(&self, signature: Signature) -> Signature {
        signature.cache_flags().input_output_type(
            Type::Nothing,
            table_of([
                ("key", Type::String),
                ("value", Type::String),
                ("layer", Type::String),
                ("file", nullable(Type::String)),
                ("detail", nullable(Type::String)),
                ("active", Type::Bool),
            ]),
        )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example("uvcache config", "Every value and where it comes from."),
            example(
                "uvcache config | where active",
                "Only the values in effect.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        caller.answer(uvcache_commands::config::run)
    }
}
