//! `uvcache size`: disk usage as `uv cache size` reports it, with breakdowns.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{
    Category, Completion, Example, Flag, LabeledError, Signature, SyntaxShape, Type, Value, record,
};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache size`.
pub struct Size;

impl SimplePluginCommand for Size {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache size"
    }

    fn description(&self) -> &str {
        uvcache_commands::size::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::size::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["du", "disk", "usage", "space"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .param(
                Flag::new("by")
                    .arg(SyntaxShape::String)
                    .desc("Breakdown: bucket (default) or package.")
                    .completion(Completion::new_list(&uvcache_commands::size::BY)),
            )
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache size",
                description: "Total and per-bucket usage.",
                result: None,
            },
            Example {
                example: "uvcache size | select total indexed_at exact",
                description: "The total, and how fresh it is (from the index, checked against the disk).",
                result: None,
            },
            Example {
                example: "uvcache size --by package | get packages | first 10",
                description: "The ten largest packages.",
                result: None,
            },
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

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: &Value,
    ) -> Result<Value, LabeledError> {
        let by: Option<String> = call.get_flag("by")?;
        let invocation = invocation(engine, call)?;
        output(
            call,
            uvcache_commands::size::run(&invocation, by.as_deref()),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Size)
    }
}
