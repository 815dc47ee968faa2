//! `uvcache fetch`: a file through the store, by HTTP caching headers.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, SyntaxShape, Type, Value};
use uvcache_commands::context::help;

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache fetch`.
pub struct Fetch;

impl SimplePluginCommand for Fetch {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache fetch"
    }

    fn description(&self) -> &str {
        uvcache_commands::fetch::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::fetch::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["download", "http", "cache-control", "etag"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .required(
                "url",
                SyntaxShape::String,
                "URL (http, https, file) or a local path.",
            )
            .switch("refresh", help::REFRESH, None)
            .named(
                "refresh-package",
                SyntaxShape::List(Box::new(SyntaxShape::String)),
                help::REFRESH_PACKAGE,
                None,
            )
            .switch("offline", help::OFFLINE, None)
            .switch("unpack", help::UNPACK, None)
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache fetch https://files.pythonhosted.org/packages/.../six-1.17.0-py2.py3-none-any.whl",
                description: "Download once; later calls are served from the store while fresh.",
                result: None,
            },
            Example {
                example: "uvcache fetch $url | get status",
                description: "hit, revalidated, miss or refreshed.",
                result: None,
            },
            Example {
                example: "uvcache fetch $wheel_url --unpack | get path | ls $in",
                description: "Unpack a wheel into the store's archive.",
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
        let args = uvcache_commands::fetch::FetchArgs {
            refresh: call.has_flag("refresh")?,
            refresh_package: call.get_flag("refresh-package")?.unwrap_or_default(),
            offline: call.has_flag("offline")?,
            unpack: call.has_flag("unpack")?,
        };
        let url: String = call.req(0)?;
        output(call, uvcache_commands::fetch::run(&invocation, &url, &args))
    }
}
