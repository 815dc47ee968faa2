//! `uvcache`: the group command; prints the list of subcommands.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, Type, Value};

use crate::command::{Caller, UvcacheCommand};

/// `uvcache`.
pub struct Main;

impl UvcacheCommand for Main {
    const NAME: &'static str = "uvcache";
    const ABOUT: &'static str = "Query and manage uv's package cache as structured data.";
    const LONG_ABOUT: &'static str = "Every subcommand takes --cache-dir, --no-cache and \
        --uv-version, and reads uv's configuration the way uv does. Plugin settings live in \
        $env.config.plugins.uvcache: { cache_dir: <path>, no_cache: <bool>, uv_version: \
        <string>, threads: <int> }; flags and variables (UV_CACHE_DIR, UVCACHE_UV_VERSION) win \
        over them.";
    const SEARCH_TERMS: &'static [&'static str] = &["uv", "cache", "pip", "python"];

    fn signature(&self, signature: Signature) -> Signature {
        signature.input_output_type(Type::Nothing, Type::String)
    }

    fn examples(&self) -> Vec<Example<'_>> {
        Vec::new()
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let help = Value::string(caller.engine.get_help()?, caller.call.head);
        Ok(PipelineData::value(help, None))
    }
}
