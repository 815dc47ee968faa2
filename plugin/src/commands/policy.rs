//! `uvcache policy` and `uvcache policy check`: the effective prune policy, and file checks.

use std::path::PathBuf;

use nu_plugin::EvaluatedCall;
use nu_protocol::{
    Example, LabeledError, PipelineData, Signature, Spanned, SyntaxShape, Type, Value,
};
use uvcache_commands::context::help;
use uvcache_commands::policy::BUILTIN_NAMES;
use uvcache_commands::removal::PolicyArgs;

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::CacheFlags;

/// Adds the policy flags (shared with `uvcache prune`).
pub trait PolicyFlagsExt {
    /// `--policy`, `--max-size`, `--older-than`, `--keep-latest`.
    fn policy_flags(self) -> Self;
}

impl PolicyFlagsExt for Signature {
    fn policy_flags(self) -> Self {
        self.param(
            nu_protocol::Flag::new("policy")
                .arg(SyntaxShape::String)
                .desc(help::POLICY)
                .completion(nu_protocol::Completion::new_list(&BUILTIN_NAMES)),
        )
        .named("max-size", SyntaxShape::Filesize, help::MAX_SIZE, None)
        .named("older-than", SyntaxShape::Duration, help::OLDER_THAN, None)
        .named("keep-latest", SyntaxShape::Int, help::KEEP_LATEST, None)
    }
}

/// Reads the policy flags of a call.
pub fn policy_args(call: &EvaluatedCall) -> Result<PolicyArgs, LabeledError> {
    let max_size: Option<Spanned<i64>> = call.get_flag::<Value>("max-size")?.map(|v| Spanned {
        item: v.as_filesize().map(|f| f.get()).unwrap_or(-1),
        span: v.span(),
    });
    if let Some(size) = &max_size
        && size.item < 0
    {
        return Err(
            LabeledError::new("Invalid size").with_label("a size is at least 0 bytes", size.span)
        );
    }
    let older_than: Option<Spanned<i64>> = call.get_flag::<Value>("older-than")?.map(|v| Spanned {
        item: v.as_duration().unwrap_or(-1),
        span: v.span(),
    });
    if let Some(age) = &older_than
        && age.item < 0
    {
        return Err(
            LabeledError::new("Invalid duration").with_label("an age is positive", age.span)
        );
    }
    let keep_latest: Option<Spanned<i64>> = call.get_flag("keep-latest")?;
    if let Some(n) = &keep_latest
        && n.item < 1
    {
        return Err(
            LabeledError::new("Invalid count").with_label("keep at least one version", n.span)
        );
    }
    Ok(PolicyArgs {
        policy: call.get_flag("policy")?,
        max_size: max_size.map(|s| s.item.to_string()),
        older_than: older_than.map(|d| format!("{}s", d.item / 1_000_000_000)),
        keep_latest: keep_latest.map(|n| n.item),
    })
}

/// `uvcache policy`.
pub struct Policy;

impl UvcacheCommand for Policy {
    const NAME: &'static str = "uvcache policy";
    const ABOUT: &'static str = uvcache_commands::policy::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::policy::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["gc", "rules", "budget", "retention"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .cache_flags()
            .policy_flags()
            .input_output_type(Type::Nothing, Type::table())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache policy",
                "The policy `uvcache prune` would apply, and where each part comes from.",
            ),
            example(
                "uvcache policy --policy laptop --max-size 5GiB",
                "The laptop policy with a smaller budget.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let args = policy_args(call)?;
        caller.answer(|invocation| uvcache_commands::policy::show(invocation, &args))
    }
}

/// `uvcache policy check`.
pub struct PolicyCheck;

impl UvcacheCommand for PolicyCheck {
    const NAME: &'static str = "uvcache policy check";
    const ABOUT: &'static str = uvcache_commands::policy::CHECK_ABOUT;
    const LONG_ABOUT: &'static str = "";
    const SEARCH_TERMS: &'static [&'static str] = &[];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .required("file", SyntaxShape::Filepath, "The policy TOML file.")
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![example(
            "uvcache policy check my-policy.toml",
            "Check a policy before using it.",
        )]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let file: PathBuf = call.req(0)?;
        caller.answer(|invocation| uvcache_commands::policy::check(invocation, &file))
    }
}
