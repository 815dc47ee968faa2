//! `uvcache git`: a git reference resolved to a commit, checked out in the store.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, SyntaxShape, Type, Value};
use uvcache_commands::context::help;

use crate::UvcachePlugin;
use crate::context::{CacheFlags, invocation, output};

/// `uvcache git`.
pub struct Git;

impl SimplePluginCommand for Git {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache git"
    }

    fn description(&self) -> &str {
        uvcache_commands::git::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::git::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["repository", "commit", "checkout", "rev-parse"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .required(
                "url",
                SyntaxShape::String,
                "Repository URL (https, ssh, file) or a local path.",
            )
            .named("rev", SyntaxShape::String, help::REV, None)
            .switch("refresh", help::REFRESH, None)
            .named(
                "refresh-package",
                SyntaxShape::List(Box::new(SyntaxShape::String)),
                help::REFRESH_PACKAGE,
                None,
            )
            .switch("offline", help::OFFLINE, None)
            .cache_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache git https://github.com/pallets/flask --rev 3.1.0 | get commit",
                description: "The commit a tag names.",
                result: None,
            },
            Example {
                example: "uvcache git $repo --rev main --refresh",
                description: "Fetch first: see where the branch is now.",
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
        let args = uvcache_commands::git::GitArgs {
            rev: call.get_flag("rev")?,
            refresh: call.has_flag("refresh")?,
            refresh_package: call.get_flag("refresh-package")?.unwrap_or_default(),
            offline: call.has_flag("offline")?,
        };
        let url: String = call.req(0)?;
        output(call, uvcache_commands::git::run(&invocation, &url, &args))
    }
}
