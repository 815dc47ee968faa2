//! `uvcache history`: the cache's size over time.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache history`.
pub struct History;

impl SimplePluginCommand for History {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache history"
    }

    fn description(&self) -> &str {
        uvcache_commands::history::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::history::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["trend", "growth", "chart", "size"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::table())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache history | select time total",
                description: "The cache's total over time.",
                result: None,
            },
            Example {
                example: "uvcache history | last 30 | get total | math max",
                description: "The largest the cache was over its last 30 points.",
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
        output(call, uvcache_commands::history::run(&invocation))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::History)
    }
}
