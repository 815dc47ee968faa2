//! `uvcache remote ls`: the entries a remote holds.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, SyntaxShape, Type, Value};
use uvcache_commands::remote;

use crate::UvcachePlugin;
use crate::commands::push::{transfer_args, trust_signature};
use crate::context::{CacheFlags, command_error, invocation};
use crate::values::{nullable, to_nu};

/// `uvcache remote ls`.
pub struct RemoteLs;

impl SimplePluginCommand for RemoteLs {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache remote ls"
    }

    fn description(&self) -> &str {
        remote::LS_ABOUT
    }

    fn extra_description(&self) -> &str {
        remote::LS_LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["list", "remote", "s3", "webdav"]
    }

    fn signature(&self) -> Signature {
        trust_signature(Signature::build(SimplePluginCommand::name(self)).required(
            "remote",
            SyntaxShape::String,
            remote::REMOTE,
        ))
        .cache_flags()
        .category(Category::Custom("uvcache".into()))
        .input_output_type(
            Type::Nothing,
            Type::Table(
                vec![
                    ("entry".into(), Type::String),
                    ("package".into(), nullable(Type::String)),
                    ("version".into(), nullable(Type::String)),
                    ("kind".into(), Type::String),
                    ("size".into(), Type::Filesize),
                    ("files".into(), Type::Int),
                    ("id".into(), Type::String),
                    ("platform".into(), Type::String),
                    ("tags".into(), Type::List(Box::new(Type::String))),
                    (
                        "builder".into(),
                        nullable(Type::Record(
                            vec![
                                ("os".into(), Type::String),
                                ("arch".into(), Type::String),
                                ("libc".into(), nullable(Type::String)),
                                ("python".into(), nullable(Type::String)),
                                ("abi".into(), nullable(Type::String)),
                            ]
                            .into(),
                        )),
                    ),
                    ("uv_release".into(), Type::String),
                    ("bucket".into(), Type::String),
                    ("usable".into(), Type::Bool),
                    ("reason".into(), nullable(Type::String)),
                    ("signers".into(), Type::List(Box::new(Type::String))),
                    ("trusted".into(), Type::Bool),
                    ("pushed_by".into(), Type::String),
                    ("pushed_at".into(), nullable(Type::Date)),
                    ("last_pulled".into(), nullable(Type::Date)),
                ]
                .into(),
            ),
        )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache remote ls s3://ci-cache/uv | where usable | get size | math sum",
                description: "How much this runner could pull.",
                result: None,
            },
            Example {
                example: "uvcache remote ls team --python 3.12 | where not usable | select package reason",
                description: "What a runner with Python 3.12 could not use, and why.",
                result: None,
            },
            Example {
                example: "uvcache remote ls team | where not trusted | select entry signers pushed_by",
                description: "Entries no trusted key signed, and who signed them.",
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
        let invocation = invocation(engine, call)?;
        let (value, problems) =
            remote::ls(&invocation, &args).map_err(|e| command_error(e, call))?;
        for problem in problems {
            eprintln!("warning: {problem}");
        }
        Ok(to_nu(value, call.head))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::RemoteLs)
    }
}
