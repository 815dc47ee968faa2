//! `uvcache remote ls`: the entries a remote holds.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type};
use uvcache_commands::remote;

use crate::command::{Caller, UvcacheCommand, example};
use crate::commands::push::{transfer_args, trust_signature};
use crate::context::CacheFlags;
use crate::values::{nullable, record_of, table_of};

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
                table_of([
                    ("entry", Type::String),
                    ("package", nullable(Type::String)),
                    ("version", nullable(Type::String)),
                    ("kind", Type::String),
                    ("size", Type::Filesize),
                    ("files", Type::Int),
                    ("id", Type::String),
                    ("platform", Type::String),
                    ("tags", Type::List(Box::new(Type::String))),
                    (
                        "builder",
                        nullable(record_of([
                            ("os", Type::String),
                            ("arch", Type::String),
                            ("libc", nullable(Type::String)),
                            ("python", nullable(Type::String)),
                            ("abi", nullable(Type::String)),
                        ])),
                    ),
                    ("uv_release", Type::String),
                    ("bucket", Type::String),
                    ("usable", Type::Bool),
                    ("reason", nullable(Type::String)),
                    ("signers", Type::List(Box::new(Type::String))),
                    ("trusted", Type::Bool),
                    ("pushed_by", Type::String),
                    ("pushed_at", nullable(Type::Date)),
                    ("last_pulled", nullable(Type::Date)),
                ]),
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

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let args = transfer_args(call)?;
        caller.answer(|invocation| remote::ls(invocation, &args))
    }
}
