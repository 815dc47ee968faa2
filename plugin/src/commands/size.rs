//! `uvcache size`: disk usage as `uv cache size` reports it, with breakdowns.

use nu_protocol::{
    Completion, Example, Flag, LabeledError, PipelineData, Signature, SyntaxShape, Type, Value,
    record,
};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// `uvcache size`.
pub struct Size;

impl UvcacheCommand for Size {
    const NAME: &'static str = "uvcache size";
    const ABOUT: &'static str = uvcache_commands::size::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::size::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["du", "disk", "usage", "space"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .cache_flags()
            .param(
                Flag::new("by")
                    .arg(SyntaxShape::String)
                    .desc("Breakdown: bucket (default) or package.")
                    .completion(Completion::new_list(&uvcache_commands::size::BY)),
            )
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example("uvcache size", "Total and per-bucket usage."),
            example(
                "uvcache size | select total indexed_at exact",
                "The total, and how fresh it is (from the index, checked against the disk).",
            ),
            example(
                "uvcache size --by package | get packages | first 10",
                "The ten largest packages.",
            ),
            Example {
                example: "uvcache size --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist is empty, as for uv.",
                result: Some(Value::test_record(record! {
                    "path" => Value::test_string("/no/such/uv-cache"),
                    "total" => Value::test_filesize(0),
                    "buckets" => Value::test_list(vec![]),
                    "indexed_at" => Value::test_nothing(),
                    "exact" => Value::test_bool(true),
                })),
            },
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let by: Option<String> = call.get_flag("by")?;
        caller.answer(|invocation| uvcache_commands::size::run(invocation, by.as_deref()))
    }
}
