//! `uvcache envs`: the Python environments that use the cache.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, command_error, invocation};
use crate::values::{nullable, to_nu};

/// `uvcache envs`.
pub struct Envs;

impl SimplePluginCommand for Envs {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache envs"
    }

    fn description(&self) -> &str {
        uvcache_commands::envs::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::envs::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["environments", "venv", "tools", "used"]
    }

    fn signature(&self) -> Signature {
        let list = || Type::List(Box::new(Type::String));
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .environment_flag()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(
                Type::Nothing,
                Type::Table(
                    vec![
                        ("path".into(), Type::String),
                        ("kind".into(), Type::String),
                        ("python".into(), nullable(Type::String)),
                        ("uv".into(), nullable(Type::String)),
                        ("packages".into(), Type::Int),
                        ("entries".into(), Type::Int),
                        ("hardlinked".into(), Type::Int),
                        ("shared".into(), Type::Filesize),
                        ("found_by".into(), Type::String),
                        ("rule".into(), Type::String),
                        ("problems".into(), list()),
                    ]
                    .into(),
                ),
            )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache envs",
                description: "Every environment found, and what it uses from the cache.",
                result: None,
            },
            Example {
                example: "uvcache envs --environments [~/code/*/.venv] | sort-by shared",
                description: "Also the project environments under ~/code.",
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
        let (value, issues) =
            uvcache_commands::envs::run(&invocation).map_err(|e| command_error(e, call))?;
        // Places that found nothing are worth a line, not a failure.
        for issue in issues {
            eprintln!("warning: {issue}");
        }
        Ok(to_nu(value, call.head))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Envs)
    }
}
