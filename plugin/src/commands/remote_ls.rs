//! `uvcache remote ls`: the entries a remote holds.

use nu_protocol::{Example, LabeledError, Signature, SyntaxShape, Type, Value};
use uvcache_commands::remote;

use crate::command::{Caller, UvcacheCommand, example};
use crate::commands::push::{transfer_args, trust_signature};
use crate::context::CacheFlags;
use crate::values::nullable;

/// `uvcache remote ls`.
pub struct RemoteLs;

impl UvcacheCommand for RemoteLs {
    const NAME: &'static str = "uvcache remote ls";
    const ABOUT: &'static str = remote::LS_ABOUT;
    const LONG_ABOUT: &'static str = remote::LS_LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["list", "remote", "s3", "webdav"];

    fn signature(&self, signature: Signature) -> Signature {
        trust_signature(signature.required("remote", SyntaxShape::String, remote::REMOTE))
            .cache_flags()
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
            example(
                "uvcache remote ls s3://ci-cache/uv | where usable | get size | math sum",
                "How much this runner could pull.",
            ),
            example(
                "uvcache remote ls team --python 3.12 | where not usable | select package reason",
                "What a runner with Python 3.12 could not use, and why.",
            ),
            example(
                "uvcache remote ls team | where not trusted | select entry signers pushed_by",
                "Entries no trusted key signed, and who signed them.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<Value, LabeledError> {
        let call = caller.call;
        let args = transfer_args(call)?;
        caller.answer(|invocation| remote::ls(invocation, &args))
    }
}
