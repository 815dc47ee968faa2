//! `uvcache clean`: remove the whole cache, or the entries of some packages, as uv does.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{Category, Example, LabeledError, Signature, Spanned, SyntaxShape, Type, Value};
use uvcache::plan::Operation;

use crate::UvcachePlugin;
use crate::commands::removal::{Job, RemovalFlags, run};
use crate::context::CacheFlags;

/// `uvcache clean`.
pub struct Clean;

impl SimplePluginCommand for Clean {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache clean"
    }

    fn description(&self) -> &str {
        "Remove all cache entries, or those of the given packages (same result as `uv cache clean`)."
    }

    fn extra_description(&self) -> &str {
        "Without packages everything goes but the root directory and uv's `.lock`. With packages, \
         the same paths go as with uv 0.13.8: their wheels, sdists and Simple API pages, the \
         archives nothing else links to, and (as uv) the whole flat-index bucket; editable builds \
         and git checkouts stay. Runs under uv's exclusive lock, waiting up to UV_LOCK_TIMEOUT \
         seconds (default 300) for running uv commands. Unlike uv, refuses a directory that does \
         not look like a uv cache unless --allow-non-cache is given. Returns a summary; --dry-run \
         returns the plan instead and removes nothing."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["remove", "delete", "clear", "rm"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .rest(
                "packages",
                SyntaxShape::String,
                "Packages whose entries to remove (all entries if none).",
            )
            .cache_flags()
            .removal_flags()
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, super::removal::output_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache clean torch --dry-run | get items",
                description: "What cleaning torch would remove, and why.",
                result: None,
            },
            Example {
                example: "uvcache clean six requests",
                description: "Remove the entries of two packages.",
                result: None,
            },
            Example {
                example: "uvcache clean --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has nothing to clean.",
                result: Some(super::removal::missing_cache_example("clean")),
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
        let packages: Vec<Spanned<String>> = call.rest(0)?;
        for package in &packages {
            let valid = !package.item.is_empty()
                && package
                    .item
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid {
                return Err(
                    LabeledError::new(format!("Invalid package name `{}`", package.item))
                        .with_label("not a package name", package.span)
                        .with_help("package names are letters, digits, `-`, `_` and `.`"),
                );
            }
        }
        let operation = if packages.is_empty() {
            Operation::CleanAll
        } else {
            Operation::CleanPackages(packages.into_iter().map(|p| p.item).collect())
        };
        run(engine, call, Job::Operation(operation))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Clean)
    }
}
