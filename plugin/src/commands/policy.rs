//! `uvcache policy` and `uvcache policy check`: the effective prune policy, and file checks.

use std::path::PathBuf;

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{
    Category, Example, LabeledError, Signature, Spanned, SyntaxShape, Type, Value, record,
};
use uvcache::policy::{Base, PolicyFlags, effective, parse};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, Context, engine_error};
use crate::values::opt_string;

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
                .desc("Prune policy: a built-in name (default, ci, laptop, keep-expensive) or a TOML file.")
                .completion(nu_protocol::Completion::new_list(&["default", "ci", "laptop", "keep-expensive"])),
        )
        .named("max-size", SyntaxShape::Filesize, "Evict least recently used entries while the cache is larger than this.", None)
        .named("older-than", SyntaxShape::Duration, "Evict entries unused for longer than this.", None)
        .named("keep-latest", SyntaxShape::Int, "Keep only the N newest versions of each package.", None)
    }
}

/// Reads the policy flags of a call.
pub fn policy_flags(call: &EvaluatedCall) -> Result<PolicyFlags, LabeledError> {
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
    Ok(PolicyFlags {
        policy: call.get_flag("policy")?,
        max_size: max_size.map(|s| s.item.to_string()),
        older_than: older_than.map(|d| format!("{}s", d.item / 1_000_000_000)),
        keep_latest: keep_latest.map(|n| n.item),
    })
}

/// `uvcache policy`.
pub struct Policy;

impl SimplePluginCommand for Policy {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache policy"
    }

    fn description(&self) -> &str {
        "Show the effective prune policy: every value and rule, with the layer and file it came from."
    }

    fn extra_description(&self) -> &str {
        "Layers, lowest first: the built-in `default` policy, ~/.config/uvcache/config.toml \
         [policy], the nearest uvcache.toml [policy] (or pyproject.toml [tool.uvcache.policy]), \
         UVCACHE_POLICY / UVCACHE_MAX_SIZE / UVCACHE_OLDER_THAN / UVCACHE_KEEP_LATEST, then flags. \
         `use` and the shorthands (max-size, older-than, keep-latest) are taken from the highest \
         layer; rules of every layer apply, higher layers' first, then the used policy's own."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["gc", "rules", "budget", "retention"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .policy_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::table())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache policy",
                description: "The policy `uvcache prune` would apply, and where each part comes from.",
                result: None,
            },
            Example {
                example: "uvcache policy --policy laptop --max-size 5GiB",
                description: "The laptop policy with a smaller budget.",
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
        let flags = policy_flags(call)?;
        let context = Context::load(engine, call)?;
        let span = call.head;
        let effective = effective(&context.config, &flags)
            .map_err(|e| engine_error(e, call.get_flag_span("policy").unwrap_or(span)))?;
        let rows = effective
            .settings
            .into_iter()
            .map(|s| {
                Value::record(
                    record! {
                        "key" => Value::string(s.key, span),
                        "value" => Value::string(s.value, span),
                        "layer" => Value::string(s.origin.layer.name(), span),
                        "file" => opt_string(s.origin.file.as_ref().map(|f| f.to_string_lossy()).as_deref(), span),
                        "line" => s.line.map_or_else(|| Value::nothing(span), |l| Value::int(l as i64, span)),
                        "detail" => opt_string(s.origin.detail.as_deref(), span),
                    },
                    span,
                )
            })
            .collect();
        Ok(Value::list(rows, span))
    }
}

/// `uvcache policy check`.
pub struct PolicyCheck;

impl SimplePluginCommand for PolicyCheck {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache policy check"
    }

    fn description(&self) -> &str {
        "Validate a policy file; errors name the line and the key."
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .required("file", SyntaxShape::Filepath, "The policy TOML file.")
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![Example {
            example: "uvcache policy check my-policy.toml",
            description: "Check a policy before using it.",
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
        let file: Spanned<PathBuf> = call.req(0)?;
        let path = PathBuf::from(engine.get_current_dir()?).join(&file.item);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            LabeledError::new(format!("Cannot read {}", path.display()))
                .with_label(e.to_string(), file.span)
        })?;
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let policy = parse(&text, &name, &path.display().to_string(), "file")
            .map_err(|e| engine_error(e, file.span))?;
        let span = call.head;
        let base = match policy.base {
            Base::None => "none",
            Base::Prune => "prune",
            Base::PruneCi => "prune-ci",
        };
        Ok(Value::record(
            record! {
                "file" => Value::string(path.to_string_lossy(), span),
                "name" => Value::string(policy.name, span),
                "base" => Value::string(base, span),
                "rules" => Value::list(policy.rules.iter().map(|r| Value::string(r.describe(), span)).collect(), span),
                "valid" => Value::bool(true, span),
            },
            span,
        ))
    }
}
