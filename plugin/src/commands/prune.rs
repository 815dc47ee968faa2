//! `uvcache prune`: remove unused entries as `uv cache prune [--ci]` does.

use nu_plugin::EvaluatedCall;
use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type, Value};
use uvcache_commands::context::help;
use uvcache_commands::prune::PruneArgs;

use crate::command::{Caller, UvcacheCommand, example};
use crate::commands::policy::{PolicyFlagsExt, policy_args};
use crate::commands::removal::{RemovalFlags, removal_args};
use crate::context::CacheFlags;

/// `uvcache prune`.
pub struct Prune;

impl UvcacheCommand for Prune {
    const NAME: &'static str = "uvcache prune";
    const ABOUT: &'static str = uvcache_commands::prune::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::prune::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["gc", "garbage", "unused", "ci"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .switch("ci", help::CI, None)
            .switch("auto", help::AUTO, None)
            .named("interval", SyntaxShape::Duration, help::INTERVAL, None)
            .named(
                "remote",
                SyntaxShape::String,
                uvcache_commands::remote::REMOTE,
                None,
            )
            .named(
                "grace",
                SyntaxShape::Duration,
                uvcache_commands::remote::GRACE,
                None,
            )
            .named(
                "trusted-key",
                SyntaxShape::List(Box::new(SyntaxShape::String)),
                uvcache_commands::remote::TRUSTED_KEY,
                None,
            )
            .switch(
                "trust-unsigned",
                uvcache_commands::remote::PRUNE_TRUST_UNSIGNED,
                None,
            )
            .cache_flags()
            .environment_flag()
            .removal_flags()
            .policy_flags()
            .input_output_type(Type::Nothing, super::removal::output_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache prune --dry-run | get items",
                "What a prune would remove, and why.",
            ),
            example(
                "uvcache prune --auto",
                "In config.nu: prune with the policy at most once a day, quietly.",
            ),
            example(
                "uvcache prune --remote s3://ci-cache/uv --older-than 30day --dry-run | get decisions",
                "What pruning a shared remote by age would remove.",
            ),
            example(
                "uvcache prune --ci",
                "Shrink the cache before saving it in CI.",
            ),
            Example {
                example: "uvcache prune --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has nothing to prune.",
                result: Some(crate::values::test_value(
                    uvcache_commands::prune::missing_cache("prune"),
                )),
            },
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let interval = duration_flag(call, "interval")?;
        if let Some(remote) = call.get_flag::<String>("remote")? {
            for conflicting in ["ci", "auto"] {
                if call.has_flag(conflicting)? {
                    return Err(LabeledError::new("Conflicting flags").with_label(
                        format!("--{conflicting} applies to the local cache, not --remote"),
                        call.get_flag_span(conflicting).unwrap_or(call.head),
                    ));
                }
            }
            let grace = duration_flag(call, "grace")?;
            let policy = policy_args(call)?;
            let dry_run = call.has_flag("dry-run")?;
            let trusted = uvcache_commands::remote::TransferArgs {
                trusted_keys: call.get_flag("trusted-key")?.unwrap_or_default(),
                trust_unsigned: call.has_flag("trust-unsigned")?,
                ..Default::default()
            };
            return caller.answer(|invocation| {
                uvcache_commands::remote::prune(
                    invocation,
                    &remote,
                    &policy,
                    grace.as_deref(),
                    dry_run,
                    &trusted,
                )
            });
        }
        let args = PruneArgs {
            ci: call.has_flag("ci")?,
            auto: call.has_flag("auto")?,
            interval,
            removal: removal_args(call)?,
            policy: policy_args(call)?,
        };
        caller.answer(|invocation| uvcache_commands::prune::run(invocation, args))
    }
}

/// A duration flag as whole seconds for the command layer (`"90s"`); negative is an error.
fn duration_flag(call: &EvaluatedCall, name: &str) -> Result<Option<String>, LabeledError> {
    call.get_flag::<Value>(name)?
        .map(|v| {
            v.as_duration()
                .ok()
                .filter(|ns| *ns >= 0)
                .map(|ns| format!("{}s", ns / 1_000_000_000))
                .ok_or_else(|| {
                    LabeledError::new(format!("Invalid --{name}"))
                        .with_label("a positive duration", v.span())
                })
        })
        .transpose()
}
