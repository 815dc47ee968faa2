//! `uvcache ls`: the inventory as a streaming table.

use nu_plugin::EngineInterface;
use nu_protocol::engine::ArgType;
use nu_protocol::{
    Completion, DynamicSuggestion, Example, Flag, LabeledError, ListStream, PipelineData,
    Signature, SyntaxShape, Type, Value,
};
use uvcache_commands::ls::{BUCKET_NAMES, Filter, KIND_NAMES, STATUS_NAMES};

use crate::command::{Caller, UvcacheCommand, example};
use crate::context::{CacheFlags, command_error};
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

impl UvcacheCommand for Ls {
    const NAME: &'static str = "uvcache ls";
    const ABOUT: &'static str = uvcache_commands::ls::ABOUT;
    const LONG_ABOUT: &'static str = uvcache_commands::ls::LONG_ABOUT;
    const SEARCH_TERMS: &'static [&'static str] =
        &["list", "entries", "inventory", "packages", "wheels"];

    fn signature(&self, signature: Signature) -> Signature {
        signature
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
            .input_output_type(Type::Nothing, entry_type())
    }

    fn examples(&self) -> Vec<Example<'_>> {
        vec![
            example("uvcache ls", "Every entry of the cache."),
            example(
                "uvcache ls | where package == torch | get size | math sum",
                "Disk used by one package.",
            ),
            example(
                "uvcache ls --bucket wheels | get package | uniq",
                "Packages with downloaded wheels.",
            ),
            example(
                "uvcache ls | where used_by == [] | get size | math sum",
                "What no environment uses (see `uvcache envs`).",
            ),
            example(
                "uvcache ls --status dangling",
                "What uv's prune would remove as unreferenced.",
            ),
            Example {
                example: "uvcache ls --cache-dir /no/such/uv-cache",
                description: "A cache that does not exist has no entries.",
                result: Some(Value::test_list(vec![])),
            },
        ]
    }

    fn completes(
        &self,
        engine: &EngineInterface,
        arg_type: ArgType,
    ) -> Option<Vec<DynamicSuggestion>> {
        match arg_type {
            ArgType::Flag(name) if name == "package" => crate::completion::packages(engine),
            _ => None,
        }
    }

    /// The rows as a stream; what the index said (its warnings) comes before them.
    fn run(&self, caller: &Caller<'_>) -> Result<PipelineData, LabeledError> {
        let call = caller.call;
        let filter = Filter {
            bucket: call.get_flag("bucket")?,
            package: call.get_flag("package")?,
            kind: call.get_flag("kind")?,
            status: call.get_flag("status")?,
        };
        let rows = uvcache_commands::ls::run(caller.invocation()?, filter)
            .map_err(|e| command_error(e, call))?;
        let span = call.head;
        let call = call.clone();
        let rows = rows.map(move |row| match row {
            Ok(value) => to_nu(value, span),
            Err(e) => Value::error(command_error(e, &call).into(), span),
        });
        Ok(PipelineData::list_stream(
            ListStream::new(rows, span, caller.engine.signals().clone()),
            None,
        ))
    }
}
