//! `uvcache remote keygen`: an ed25519 key pair to sign pushes with.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, SyntaxShape, Type, Value};
use uvcache_commands::remote;

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache remote keygen`.
pub struct RemoteKeygen;

impl SimplePluginCommand for RemoteKeygen {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache remote keygen"
    }

    fn description(&self) -> &str {
        remote::KEYGEN_ABOUT
    }

    fn extra_description(&self) -> &str {
        remote::KEYGEN_LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["sign", "key", "ed25519", "trust", "remote"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .required(
                "name",
                SyntaxShape::String,
                "The key's name (letters, digits, -, _, .).",
            )
            .named("output", SyntaxShape::Filepath, remote::OUTPUT, Some('o'))
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![Example {
            example: "uvcache remote keygen ci-main | get public_key",
            description: "A key for CI on main; trust its public key where you pull.",
            result: None,
        }]
    }

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: &Value,
    ) -> Result<Value, LabeledError> {
        let name: String = call.req(0)?;
        let file: Option<String> = call.get_flag("output")?;
        let invocation = invocation(engine, call)?;
        output(call, remote::keygen(&invocation, &name, file.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::RemoteKeygen)
    }
}
