//! `uvcache size`: disk usage as `uv cache size` reports it, with breakdowns.

use nu_plugin::{EngineInterface, EvaluatedCall, SimplePluginCommand};
use nu_protocol::{
    Category, Completion, Example, Flag, LabeledError, Signature, Spanned, SyntaxShape, Type,
    Value, record,
};
use uvcache::size::SizeReport;

use crate::UvcachePlugin;
use crate::commands::ls::inventory;
use crate::context::{CacheFlags, Context};
use crate::values::{filesize, opt_string};

/// `uvcache size`.
pub struct Size;

impl SimplePluginCommand for Size {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache size"
    }

    fn description(&self) -> &str {
        "Show the cache's disk usage (same total as `uv cache size`), per bucket or per package."
    }

    fn extra_description(&self) -> &str {
        "The total counts allocated blocks, directories included, hardlinked files once and \
         symlinks not followed, like `du -s -B1` and `uv cache size`. Rows add up to the total: \
         the root directory and its marker files form a `(root)` bucket row, and a package row \
         without a name holds what names no package. A cache that does not exist has size 0."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["du", "disk", "usage", "space"]
    }

    fn signature(&self) -> Signature {
        Signature::build(SimplePluginCommand::name(self))
            .cache_flags()
            .param(
                Flag::new("by")
                    .arg(SyntaxShape::String)
                    .desc("Breakdown: bucket (default) or package.")
                    .completion(Completion::new_list(&["bucket", "package"])),
            )
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, Type::record())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache size",
                description: "Total and per-bucket usage.",
                result: None,
            },
            Example {
                example: "uvcache size --by package | get packages | first 10",
                description: "The ten largest packages.",
                result: None,
            },
            Example {
                example: "uvcache size --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist is empty, as for uv.",
                result: Some(Value::test_record(record! {
                    "path" => Value::test_string("/no/such/uv-cache"),
                    "total" => Value::test_filesize(0),
                    "buckets" => Value::test_list(vec![]),
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
        let by: Option<Spanned<String>> = call.get_flag("by")?;
        let by_package = match &by {
            None => false,
            Some(b) if b.item == "bucket" => false,
            Some(b) if b.item == "package" => true,
            Some(b) => {
                return Err(LabeledError::new(format!("Unknown breakdown `{}`", b.item))
                    .with_label("expected bucket or package", b.span)
                    .with_help("use --by bucket or --by package"));
            }
        };
        let context = Context::load(engine, call)?;
        let span = call.head;
        let path = Value::string(context.root.path().to_string_lossy(), span);
        let table = if by_package { "packages" } else { "buckets" };
        let Some(inventory) = inventory(engine, &context)? else {
            return Ok(Value::record(
                record! { "path" => path, "total" => filesize(0, span), table => Value::list(vec![], span) },
                span,
            ));
        };
        let rows = if by_package {
            SizeReport::by_package(&inventory)
                .into_iter()
                .map(|row| {
                    Value::record(
                        record! {
                            "package" => opt_string(row.package.as_deref(), span),
                            "size" => filesize(row.disk, span),
                            "apparent" => filesize(row.apparent, span),
                            "entries" => Value::int(row.entries as i64, span),
                            "versions" => Value::list(row.versions.iter().map(|v| Value::string(v, span)).collect(), span),
                        },
                        span,
                    )
                })
                .collect()
        } else {
            SizeReport::of(&inventory)
                .buckets
                .into_iter()
                .map(|row| {
                    Value::record(
                        record! {
                            "name" => Value::string(row.name, span),
                            "bucket" => opt_string(row.bucket.map(|b| b.prefix()), span),
                            "state" => Value::string(row.state, span),
                            "size" => filesize(row.disk, span),
                            "entries" => Value::int(row.entries as i64, span),
                        },
                        span,
                    )
                })
                .collect()
        };
        let total = filesize(inventory.total_disk, span);
        Ok(Value::record(
            record! { "path" => path, "total" => total, table => Value::list(rows, span) },
            span,
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&super::Size)
    }
}
