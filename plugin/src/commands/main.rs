//! `uvcache`: the group command; prints the list of subcommands.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, LabeledError, Signature, Type, Value};

use crate::UvcachePlugin;

/// `uvcache`.
pub struct Main;

impl SimplePluginCommand for Main {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache"
    }

    fn description(&self) -> &str {
        "Query and manage uv's package cache as structured data."
    }

    fn extra_description(&self) -> &str {
        "Every subcommand takes --cache-dir, --no-cache and --uv-version, and reads uv's \
         configuration the way uv does. Plugin settings live in $env.config.plugins.uvcache: \
         { cache_dir: <path>, no_cache: <bool>, uv_version: <string>, threads: <int> }; flags \
         and variables (UV_CACHE_DIR, UVCACHE_UV_VERSION) win over them."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["uv", "cache", "pip", "python"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::String)
    }

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: &Value,
    ) -> Result<Value, LabeledError> {
        Ok(Value::string(engine.get_help()?, call.head))
    }
}
