//! `uvcache envs`: the Python environments that use the cache.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, Type};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;
use crate::values::{nullable, table_of};

/// `uvcache envs`.
pub struct Envs;

impl UvcacheCommand for Envs {
    const NAME: &'static str = "uvcache envs";
    const ABOUT: &'static str = uvcache_commands::envs::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::envs::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["environments", "venv", "tools", "used"];

    fn signature(&self, signature: Signature) -> Signature {
        let list = || Type::List(Box::new(Type::String));
        signature
            .cache_flags()
            .environment_flag()
            .input_output_type(
                Type::Nothing,
                table_of([
                    ("path", Type::String),
                    ("kind", Type::String),
                    ("python", nullable(Type::String)),
                    ("uv", nullable(Type::String)),
                    ("packages", Type::Int),
                    ("entries", Type::Int),
                    ("hardlinked", Type::Int),
                    ("shared", Type::Filesize),
                    ("found_by", Type::String),
                    ("rule", Type::String),
                    ("problems", list()),
                ]),
            )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache envs",
                "Every environment found, and what it uses from the cache.",
            ),
            example(
                "uvcache envs --environments [~/code/*/.venv] | sort-by shared",
                "Also the project environments under ~/code.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        caller.answer(uvcache_commands::envs::run)
    }
}
