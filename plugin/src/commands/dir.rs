//! `uvcache dir`: where the cache is, what decided it, and whether it looks like a uv cache.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Type, Value, record};
use uvcache::layout::CacheSignature;

use crate::UvcachePlugin;
use crate::context::{CacheFlags, Context};
use crate::values::opt_string;

/// `uvcache dir`.
pub struct Dir;

impl SimplePluginCommand for Dir {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache dir"
    }

    fn description(&self) -> &str {
        "Show the cache directory uv would use, and which setting decided it."
    }

    fn extra_description(&self) -> &str {
        "Resolution follows uv 0.13.8: --no-cache, then --cache-dir, UV_CACHE_DIR, cache-dir in \
         uv.toml / pyproject.toml [tool.uv] (nearest walking up, then user, then system), then \
         $XDG_CACHE_HOME/uv or ~/.cache/uv. `layer` names the winner; `file` or `detail` say where."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["cache-dir", "location", "where"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache dir",
                description: "Where the cache is, and why.",
                result: None,
            },
            Example {
                example: "uvcache dir --cache-dir /no/such/uv-cache",
                description: "An explicit directory that does not exist yet.",
                result: Some(Value::test_record(record! {
                    "path" => Value::test_string("/no/such/uv-cache"),
                    "layer" => Value::test_string("flag"),
                    "file" => Value::test_nothing(),
                    "detail" => Value::test_string("--cache-dir"),
                    "exists" => Value::test_bool(false),
                    "is_uv_cache" => Value::test_bool(false),
                    "temporary" => Value::test_bool(false),
                })),
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
        let path = context.root.path();
        let origin = context.root.origin();
        Ok(Value::record(
            record! {
                "path" => Value::string(path.to_string_lossy(), span),
                "layer" => Value::string(origin.layer.name(), span),
                "file" => opt_string(origin.file.as_ref().map(|f| f.to_string_lossy()).as_deref(), span),
                "detail" => opt_string(origin.detail.as_deref(), span),
                "exists" => Value::bool(path.is_dir(), span),
                "is_uv_cache" => Value::bool(path.is_dir() && CacheSignature::read(path).is_uv_cache(), span),
                "temporary" => Value::bool(context.root.is_temporary(), span),
            },
            span,
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Dir)
    }
}
