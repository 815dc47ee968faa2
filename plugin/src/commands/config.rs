//! `uvcache config`: every setting every layer sets, the active one marked.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};
use crate::values::nullable;

/// `uvcache config`.
pub struct Config;

impl SimplePluginCommand for Config {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache config"
    }

    fn description(&self) -> &str {
        uvcache_commands::config::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::config::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["settings", "layers", "uv.toml"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(
                Type::Nothing,
                Type::Table(
                    vec![
                        ("key".into(), Type::String),
                        ("value".into(), Type::String),
                        ("layer".into(), Type::String),
                        ("file".into(), nullable(Type::String)),
                        ("detail".into(), nullable(Type::String)),
                        ("active".into(), Type::Bool),
                    ]
                    .into(),
                ),
            )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache config",
                description: "Every value and where it comes from.",
                result: None,
            },
            Example {
                example: "uvcache config | where active",
                description: "Only the values in effect.",
                result: None,
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
        output(call, uvcache_commands::config::run(&invocation))
    }
}
