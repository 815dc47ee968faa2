//! `uvcache fetch`: a file through the store, by HTTP caching headers.

use nu_protocol::{Example, LabeledError, PipelineData, Signature, SyntaxShape, Type};
use uvcache_commands::context::help;

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::{CacheFlags, network_args};

/// `uvcache fetch`.
pub struct Fetch;

impl UvcacheCommand for Fetch {
    const NAME: &'static str = "uvcache fetch";
    const ABOUT: &'static str = uvcache_commands::fetch::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::fetch::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] = &["download", "http", "cache-control", "etag"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
            .required(
                "url",
                SyntaxShape::String,
                "URL (http, https, file) or a local path.",
            )
            .network_flags()
            .switch("unpack", help::UNPACK, None)
            .cache_flags()
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example(
                "uvcache fetch https://files.pythonhosted.org/packages/.../six-1.17.0-py2.py3-none-any.whl",
                "Download once; later calls are served from the store while fresh.",
            ),
            example(
                "uvcache fetch $url | get status",
                "hit, revalidated, miss or refreshed.",
            ),
            example(
                "uvcache fetch $wheel_url --unpack | get path | ls $in",
                "Unpack a wheel into the store's archive.",
            ),
        ]
    }

    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let args = uvcache_commands::fetch::FetchArgs {
            network: network_args(call)?,
            unpack: call.has_flag("unpack")?,
        };
        let url: String = call.req(0)?;
        caller.answer(|invocation| uvcache_commands::fetch::run(invocation, &url, &args))
    }
}
