//! `uvcache dir`: where the cache is, what decided it, and whether it looks like a uv cache.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value, record};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache dir`.
pub struct Dir;

impl SimplePluginCommand for Dir {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache dir"
    }

    fn description(&self) -> &str {
        uvcache_commands::dir::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::dir::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["cache-dir", "location", "where"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache dir",
                description: "Where the cache is, and why.",
                result: None,
            },
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

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: &Value,
    ) -> Result<Value, LabeledError> {
        let invocation = invocation(engine, call)?;
        output(call, uvcache_commands::dir::run(&invocation))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Dir)
    }
}
