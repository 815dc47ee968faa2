//! `uvcache ls`: the inventory as a streaming table.

use nu_plugin::{EngineInterface, EvaluatedCall, PluginCommand};
use nu_protocol::{
    Category, Completion, Example, Flag, LabeledError, ListStream, PipelineData, Signature,
    SyntaxShape, Type, Value,
};
use uvcache_commands::ls::{BUCKET_NAMES, Filter, KIND_NAMES, STATUS_NAMES};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, command_error, invocation};
use crate::values::{nullable, to_nu};

/// `uvcache ls`.
pub struct Ls;

/// The columns of a row, in order (also the declared output type).
pub fn entry_type() -> Type {
    // Sized by the columns: a column added without its type does not compile.
    let text = || nullable(Type::String);
    let list = || Type::List(Box::new(Type::String));
    let types: [Type; uvcache_commands::ls::COLUMNS.len()] = [
        Type::String,
        text(),
        nullable(Type::Int),
        Type::String,
        text(),
        text(),
        text(),
        text(),
        Type::Filesize,
        Type::Filesize,
        Type::Filesize,
        Type::Int,
        nullable(Type::Date),
        nullable(Type::Date),
        Type::String,
        list(),
        list(),
        Type::String,
        list(),
        list(),
    ];
    Type::Table(
        uvcache_commands::ls::COLUMNS
            .iter()
            .zip(types)
            .map(|(name, ty)| (name.to_string(), ty))
            .collect::<Vec<_>>()
            .into(),
    )
}
impl PluginCommand for Ls {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache ls"
    }

    fn description(&self) -> &str {
        uvcache_commands::ls::ABOUT
    }

    fn extra_description(&self) -> &str {
        uvcache_commands::ls::LONG_ABOUT
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["list", "entries", "inventory", "packages", "wheels"]
    }

    fn signature(&self) -> Signature {
        Signature::build(PluginCommand::name(self))
            .cache_flags()
            .environment_flag()
            .param(
                Flag::new("bucket")
                    .short('b')
                    .arg(SyntaxShape::String)
                    .desc("Only entries of this bucket (wheels, sdists, ...).")
                    .completion(Completion::new_list(BUCKET_NAMES)),
            )
            .named(
                "package",
                SyntaxShape::String,
                "Only entries of this package (compared after PEP 503 normalization).",
                Some('p'),
            )
            .param(
                Flag::new("kind")
                    .short('k')
                    .arg(SyntaxShape::String)
                    .desc("Only entries of this kind (registry_wheel, built_wheel, ...).")
                    .completion(Completion::new_list(KIND_NAMES)),
            )
            .param(
                Flag::new("status")
                    .short('s')
                    .arg(SyntaxShape::String)
                    .desc("Only entries with this status (live, dangling, outdated, newer).")
                    .completion(Completion::new_list(STATUS_NAMES)),
            )
            .category(Category::Custom("uvcache".into()))
            .input_output_type(Type::Nothing, entry_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            Example {
                example: "uvcache ls",
                description: "Every entry of the cache.",
                result: None,
            },
            Example {
                example: "uvcache ls | where package == torch | get size | math sum",
                description: "Disk used by one package.",
                result: None,
            },
            Example {
                example: "uvcache ls --bucket wheels | get package | uniq",
                description: "Packages with downloaded wheels.",
                result: None,
            },
            Example {
                example: "uvcache ls | where used_by == [] | get size | math sum",
                description: "What no environment uses (see `uvcache envs`).",
                result: None,
            },
            Example {
                example: "uvcache ls --status dangling",
                description: "What uv's prune would remove as unreferenced.",
                result: None,
            },
            Example {
                example: "uvcache ls --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has no entries.",
                result: Some(Value::test_list(vec![])),
            },
        ]
    }

    #[expect(deprecated, reason = "experimental API of nu-plugin 0.115")]
    fn get_dynamic_completion(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        _call: nu_plugin::DynamicCompletionCall,
        arg_type: nu_protocol::engine::ArgType,
        _experimental: nu_protocol::engine::ExperimentalMarker,
    ) -> Option<Vec<nu_protocol::DynamicSuggestion>> {
        match arg_type {
            nu_protocol::engine::ArgType::Flag(name) if name == "package" => {
                crate::completion::packages(engine)
            }
            _ => None,
        }
    }

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: PipelineData,
    ) -> Result<PipelineData, LabeledError> {
        let filter = Filter {
            bucket: call.get_flag("bucket")?,
            package: call.get_flag("package")?,
            kind: call.get_flag("kind")?,
            status: call.get_flag("status")?,
        };
        let invocation = invocation(engine, call)?;
        let rows = uvcache_commands::ls::run(&invocation, filter);
        // What the index said comes before the rows.
        crate::command::say_warnings(&invocation);
        let rows = rows.map_err(|e| command_error(e, call))?;
        let span = call.head;
        let call = call.clone();
        let rows = rows.map(move |row| match row {
            Ok(value) => to_nu(value, span),
            Err(e) => Value::error(command_error(e, &call).into(), span),
        });
        Ok(PipelineData::list_stream(
            ListStream::new(rows, span, engine.signals().clone()),
            None,
        ))
    }
}
