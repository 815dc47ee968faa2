//! `uvcache config`: every setting every layer sets, the active one marked.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value, record};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, Context};
use crate::values::opt_string;

/// `uvcache config`.
pub struct Config;

impl SimplePluginCommand for Config {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache config"
    }

    fn description(&self) -> &str {
        "Show the configuration uvcache reads, with the layer and file of every value."
    }

    fn extra_description(&self) -> &str {
        "Layers, lowest first: default, system, user, project (uv's files), config-file \
         (UV_CONFIG_FILE), uvcache-user (~/.config/uvcache/config.toml), uvcache-project \
         (uvcache.toml or [tool.uvcache]), plugin-config ($env.config.plugins.uvcache), \
         environment, flag. Rows with active = false are shadowed by a higher layer."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["settings", "layers", "uv.toml"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(
                Type::Nothing,
                Type::Table(
                    vec![
                        ("key".into(), Type::String),
                        ("value".into(), Type::String),
                        ("layer".into(), Type::String),
                        ("file".into(), Type::String),
                        ("detail".into(), Type::String),
                        ("active".into(), Type::Bool),
                    ]
                    .into(),
                ),
            )
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache config",
                description: "Every value and where it comes from.",
                result: None,
            },
            Example {
                example: "uvcache config | where active",
                description: "Only the values in effect.",
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
        let context = Context::load(engine, call)?;
        let span = call.head;
        let rows = context
            .config
            .values()
            .into_iter()
            .map(|v| {
                Value::record(
                    record! {
                        "key" => Value::string(v.key, span),
                        "value" => Value::string(v.value, span),
                        "layer" => Value::string(v.origin.layer.name(), span),
                        "file" => opt_string(v.origin.file.as_ref().map(|f| f.to_string_lossy()).as_deref(), span),
                        "detail" => opt_string(v.origin.detail.as_deref(), span),
                        "active" => Value::bool(v.active, span),
                    },
                    span,
                )
            })
            .collect();
        Ok(Value::list(rows, span))
    }
}
