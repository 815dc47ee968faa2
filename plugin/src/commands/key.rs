//! `uvcache key`: the cache key uv computes for a local project.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, SyntaxShape, Type, Value};
use uvcache_commands::context::help;

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache key`.
pub struct Key;

impl SimplePluginCommand for Key {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache key"
    }

    fn description(&self) -> &str {
        uvcache_commands::key::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::key::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["cache-keys", "rebuild", "freshness", "reinstall"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .optional(
                "dir",
                SyntaxShape::Directory,
                "The project directory (default: the current one).",
            )
            .named("compare", SyntaxShape::Any, help::COMPARE, None)
            .switch("reinstall", help::REINSTALL_KEY, None)
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache key . | save -f .uv-key.json",
                description: "Remember the key after an install.",
                result: None,
            },
            Example {
                example: "uvcache key . --compare (open .uv-key.json) | select changed rebuild",
                description: "Which part changed, and would uv rebuild?",
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
        let invocation = invocation(engine, call)?;
        let dir: Option<String> = call.opt(0)?;
        let compare = call
            .get_flag::<Value>("compare")?
            .map(|v| crate::values::to_json(&v));
        let reinstall = call.has_flag("reinstall")?;
        output(
            call,
            uvcache_commands::key::run(&invocation, dir.as_deref(), compare.as_ref(), reinstall),
        )
    }
}
