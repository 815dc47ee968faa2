//! `uvcache prune`: remove unused entries as `uv cache prune [--ci]` does.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value};
use uvcache::plan::Operation;

use crate::UvcachePlugin;
use crate::commands::policy::PolicyFlagsExt;
use crate::commands::removal::{Job, RemovalFlags, run};
use crate::context::CacheFlags;

/// `uvcache prune`.
pub struct Prune;

impl SimplePluginCommand for Prune {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache prune"
    }

    fn description(&self) -> &str {
        "Remove unused cache entries (same result as `uv cache prune`, or `--ci`)."
    }

    fn extra_description(&self) -> &str {
        "Removes, as uv 0.13.8 does: stale sdist revisions, buckets of older uv versions and \
         anything unknown at the root, all cached environments and temporary build environments, \
         archives no entry links to, and files-v0 blobs nothing uses. With --ci also the \
         pre-built wheels and the unpacked sources, keeping wheels built from source. Unlike uv, \
         buckets of a newer uv (and the archives they link to) are kept. Without --ci the \
         effective prune policy decides (see `uvcache policy`): by default exactly uv's prune; \
         --policy, --max-size, --older-than and --keep-latest add to it, and --dry-run returns \
         every entry's decision with the rule that made it. Runs under uv's exclusive lock, \
         waiting up to UV_LOCK_TIMEOUT seconds (default 300)."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["gc", "garbage", "unused", "ci"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .switch("ci", "Also remove pre-built wheels and unpacked sources, keeping wheels built from source (as uv's --ci).", None)
            .cache_flags()
            .removal_flags()
            .policy_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, super::removal::output_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache prune --dry-run | get items",
                description: "What a prune would remove, and why.",
                result: None,
            },
            Example {
                example: "uvcache prune --ci",
                description: "Shrink the cache before saving it in CI.",
                result: None,
            },
            Example {
                example: "uvcache prune --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has nothing to prune.",
                result: Some(super::removal::missing_cache_example("prune")),
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
        if call.has_flag("ci")? {
            return run(engine, call, Job::Operation(Operation::Prune { ci: true }));
        }
        run(
            engine,
            call,
            Job::Policy(crate::commands::policy::policy_flags(call)?),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Prune)
    }
}
