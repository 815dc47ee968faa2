//! `uvcache link`: a stored archive or checkout materialized with uv's link modes.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{
    Category, Completion, Example, Flag, LabeledError, Signature, SyntaxShape, Type, Value,
};
use uvcache_commands::context::help;

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache link`.
pub struct Link;

impl SimplePluginCommand for Link {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache link"
    }

    fn description(&self) -> &str {
        uvcache_commands::link::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::link::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["hardlink", "reflink", "clone", "install"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .required(
                "entry",
                SyntaxShape::String,
                "A path in the store (as fetch or git return).",
            )
            .required("dest", SyntaxShape::Directory, "The destination directory.")
            .param(
                Flag::new("mode")
                    .arg(SyntaxShape::String)
                    .desc(help::MODE)
                    .completion(Completion::new_list(&uvcache_commands::link::MODES)),
            )
            .switch("reinstall", help::REINSTALL_LINK, None)
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache link (uvcache fetch $wheel_url --unpack | get path) .venv/lib/python3.12/site-packages",
                description: "Install an unpacked wheel's files by hardlink or clone.",
                result: None,
            },
            Example {
                example: "uvcache link $entry $dest --mode copy --reinstall",
                description: "Replace what is there with copies.",
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
        let entry: String = call.req(0)?;
        let dest: String = call.req(1)?;
        let mode: Option<String> = call.get_flag("mode")?;
        output(
            call,
            uvcache_commands::link::run(
                &invocation,
                &entry,
                &dest,
                mode.as_deref(),
                call.has_flag("reinstall")?,
            ),
        )
    }
}
