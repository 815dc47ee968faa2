//! `uvcache key`: the cache key uv computes for a local project.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type, Value};
use uvcache_commands::context::help;

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// `uvcache key`.
pub struct Key;

impl UvcacheCommand for Key {
    const NAME: &'static str = "uvcache key";
    const ABOUT: &'static str = uvcache_commands::key::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::key::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] =
        &["cache-keys", "rebuild", "freshness", "reinstall"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .optional(
                "dir",
                SyntaxShape::Directory,
                "The project directory (default: the current one).",
            )
            .named("compare", SyntaxShape::Any, help::COMPARE, None)
            .switch("reinstall", help::REINSTALL_KEY, None)
            .cache_flags()
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache key . | save -f .uv-key.json",
                "Remember the key after an install.",
            ),
            example(
                "uvcache key . --compare (open .uv-key.json) | select changed rebuild",
                "Which part changed, and would uv rebuild?",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let dir: Option<String> = call.opt(0)?;
        let compare = call
            .get_flag::<Value>("compare")?
            .map(|v| crate::values::to_json(&v));
        let reinstall = call.has_flag("reinstall")?;
        caller.answer(|invocation| {
            uvcache_commands::key::run(invocation, dir.as_deref(), compare.as_ref(), reinstall)
        })
    }
}
