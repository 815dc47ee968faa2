//! `uvcache clean`: remove the whole cache, or the entries of some packages, as uv does.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, SyntaxShape, Type, Value};

use crate::UvcachePlugin;
use crate::commands::removal::{RemovalFlags, removal_args};
use crate::context::{CacheFlags, invocation, output};

/// `uvcache clean`.
pub struct Clean;

impl SimplePluginCommand for Clean {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache clean"
    }

    fn description(&self) -> &str {
        uvcache_commands::clean::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::clean::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["remove", "delete", "clear", "rm"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .rest(
                "packages",
                SyntaxShape::String,
                "Packages whose entries to remove (all entries if none).",
            )
            .cache_flags()
            .removal_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, super::removal::output_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache clean torch --dry-run | get items",
                description: "What cleaning torch would remove, and why.",
                result: None,
            },
            Example {
                example: "uvcache clean six requests",
                description: "Remove the entries of two packages.",
                result: None,
            },
            Example {
                example: "uvcache clean --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has nothing to clean.",
                result: Some(crate::values::test_value(
                    uvcache_commands::prune::missing_cache("clean"),
                )),
            },
        ]
    }

    #[expect(deprecated, reason = "experimental API of nu-plugin 0.115")]
    fn get_dynamic_completion(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        _call: nu_plugin::DynamicCompletionCall,
        arg_type: nu_protocol::engine::ArgType,
        _experimental: nu_protocol::engine::ExperimentalMarker,
    ) -> Option<Vec<nu_protocol::DynamicSuggestion>> {
        match arg_type {
            nu_protocol::engine::ArgType::Positional(_) => crate::completion::packages(engine),
            _ => None,
        }
    }

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: &Value,
    ) -> Result<Value, LabeledError> {
        let packages: Vec<String> = call.rest(0)?;
        let args = removal_args(call)?;
        let invocation = invocation(engine, call)?;
        output(
            call,
            uvcache_commands::clean::run(&invocation, &packages, args),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Clean)
    }
}
