//! `uvcache dir`: where the cache is, what decided it, and whether it looks like a uv cache.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, Type, Value, record};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// `uvcache dir`.
pub struct Dir;

impl UvcacheCommand for Dir {
    const NAME: &'static str = "uvcache dir";
    const ABOUT: &'static str = uvcache_commands::dir::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::dir::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["cache-dir", "location", "where"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .cache_flags()
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example("uvcache dir", "Where the cache is, and why."),
            Example {
                example: "uvcache dir --cache-dir /no/such/uv-cache --uv-version 0.13.9",
                description: "An explicit directory that does not exist yet, for uv 0.13.9.",
                result: Some(Value::test_record(record! {
                    "path" => Value::test_string("/no/such/uv-cache"),
                    "layer" => Value::test_string("flag"),
                    "file" => Value::test_nothing(),
                    "detail" => Value::test_string("--cache-dir"),
                    "exists" => Value::test_bool(false),
                    "is_uv_cache" => Value::test_bool(false),
                    "temporary" => Value::test_bool(false),
                    "store" => Value::test_bool(false),
                    "indexed_at" => Value::test_nothing(),
                    "uv_version" => Value::test_string("0.13.9"),
                    "uv_version_layer" => Value::test_string("flag"),
                    "uv_version_from" => Value::test_string("--uv-version"),
                })),
            },
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        caller.answer(uvcache_commands::dir::run)
    }
}
