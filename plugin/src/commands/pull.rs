//! `uvcache pull`: bring a remote's usable entries into the cache.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Value};
use uvcache_commands::context::help;
use uvcache_commands::remote;

use crate::UvcachePlugin;
use crate::commands::push::{transfer_args, transfer_signature, trust_signature};
use crate::context::{invocation, output};

/// `uvcache pull`.
pub struct Pull;

impl SimplePluginCommand for Pull {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache pull"
    }

    fn description(&self) -> &str {
        remote::PULL_ABOUT
    }

    fn extra_description(&self) -> &str {
        remote::PULL_LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["download", "restore", "remote", "s3", "webdav", "ci"]
    }

    fn signature(&self) -> Signature {
        trust_signature(transfer_signature(Signature::build(
            SimplePluginCommand::name(self),
        )))
        .switch("trust-unsigned", remote::TRUST_UNSIGNED, None)
        .switch("allow-non-cache", help::ALLOW_NON_CACHE, None)
        .category(Category::Custom("uvcache".into()))
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache pull s3://ci-cache/uv | get pulled",
                description: "Before `uv sync` in CI: take every built wheel this runner can use.",
                result: None,
            },
            Example {
                example: "uvcache pull team --dry-run | get entries | where outcome == pulled",
                description: "What a pull would bring in.",
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
        let args = transfer_args(call)?;
        let force = call.has_flag("allow-non-cache")?;
        let invocation = invocation(engine, call)?;
        output(call, remote::pull(&invocation, &args, force))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Pull)
    }
}
