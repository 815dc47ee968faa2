//! `uvcache doctor`: checks with status and advice.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};
use crate::values::nullable;

/// `uvcache doctor`.
pub struct Doctor;

impl SimplePluginCommand for Doctor {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache doctor"
    }

    fn description(&self) -> &str {
        uvcache_commands::doctor::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::doctor::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["check", "health", "diagnose"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .environment_flag()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(
                Type::Nothing,
                Type::Table(
                    vec![
                        ("check".into(), Type::String),
                        ("status".into(), Type::String),
                        ("detail".into(), Type::String),
                        ("advice".into(), nullable(Type::String)),
                    ]
                    .into(),
                ),
            )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache doctor",
                description: "Every check.",
                result: None,
            },
            Example {
                example: "uvcache doctor | where status in [warn error]",
                description: "Only what needs attention.",
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
        output(call, uvcache_commands::doctor::run(&invocation))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Doctor)
    }
}
