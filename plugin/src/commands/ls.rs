//! `uvcache ls`: the inventory as a streaming table.

use nu_plugin::{EngineInterface, EvaluatedCall, PluginCommand};
use nu_protocol::{
    Category, Completion, Example, Flag, LabeledError, ListStream, PipelineData, Signature, Span,
    Spanned, SyntaxShape, Type, Value, record,
};
use uvcache::inventory::{Entry, Inventory, Options};
use uvcache::layout::{Bucket, normalize_name};
use uvcache::{EntryKind, Error};

use crate::UvcachePlugin;
use crate::context::{CacheFlags, Context, engine_error};
use crate::values::{datetime, filesize, opt_string};

/// `uvcache ls`.
pub struct Ls;

// The names the engine defines; flag completions and checks use them as they are.
const BUCKET_NAMES: &[&str] = &uvcache::layout::BUCKET_NAMES;
const KIND_NAMES: &[&str] = &EntryKind::NAMES;
const STATUS_NAMES: &[&str] = &uvcache::Status::NAMES;

/// The columns of a row, in order (also the declared output type).
pub fn entry_type() -> Type {
    Type::Table(
        vec![
            ("path".into(), Type::String),
            ("bucket".into(), Type::String),
            ("bucket_version".into(), Type::Int),
            ("kind".into(), Type::String),
            ("source".into(), Type::String),
            ("package".into(), Type::String),
            ("version".into(), Type::String),
            ("digest".into(), Type::String),
            ("size".into(), Type::Filesize),
            ("apparent".into(), Type::Filesize),
            ("shared".into(), Type::Filesize),
            ("files".into(), Type::Int),
            ("modified".into(), Type::Date),
            ("last_use".into(), Type::Date),
            ("last_use_source".into(), Type::String),
            ("references".into(), Type::List(Box::new(Type::String))),
            ("status".into(), Type::String),
        ]
        .into(),
    )
}

/// One inventory entry as a row.
pub fn entry_value(entry: &Entry, span: Span) -> Value {
    Value::record(
        record! {
            "path" => Value::string(&entry.path, span),
            "bucket" => opt_string(entry.bucket.map(Bucket::prefix), span),
            "bucket_version" => entry.bucket_version.map_or_else(|| Value::nothing(span), |v| Value::int(i64::from(v), span)),
            "kind" => Value::string(entry.kind.name(), span),
            "source" => opt_string(entry.source.map(|s| s.name()), span),
            "package" => opt_string(entry.package.as_deref(), span),
            "version" => opt_string(entry.version.as_deref(), span),
            "digest" => opt_string(entry.digest.as_deref(), span),
            "size" => filesize(entry.disk, span),
            "apparent" => filesize(entry.apparent, span),
            "shared" => filesize(entry.shared, span),
            "files" => Value::int(i64::try_from(entry.files).unwrap_or(i64::MAX), span),
            "modified" => datetime(entry.modified, span),
            "last_use" => datetime(entry.last_use, span),
            "last_use_source" => Value::string(entry.last_use_source.name(), span),
            "references" => Value::list(entry.references.iter().map(|r| Value::string(r, span)).collect(), span),
            "status" => Value::string(entry.status.name(), span),
        },
        span,
    )
}

/// Checks a flag value against a list of names, blaming the flag.
fn one_of(flag: &Option<Spanned<String>>, names: &[&str], what: &str) -> Result<(), LabeledError> {
    match flag {
        Some(value) if !names.contains(&value.item.as_str()) => Err(LabeledError::new(format!(
            "Unknown {what} `{}`",
            value.item
        ))
        .with_label(format!("not a {what}"), value.span)
        .with_help(format!("expected one of: {}", names.join(", ")))),
        _ => Ok(()),
    }
}

/// Takes the inventory for a command, honouring ctrl-c; a missing cache is empty, as for uv.
pub fn inventory(
    engine: &EngineInterface,
    context: &Context,
) -> Result<Option<Inventory>, LabeledError> {
    take(engine, context, Inventory::take)
}

/// Runs one of the engine's inventory functions with the command's threads and ctrl-c.
fn take(
    engine: &EngineInterface,
    context: &Context,
    how: fn(&std::path::Path, &Options<'_>) -> uvcache::Result<Inventory>,
) -> Result<Option<Inventory>, LabeledError> {
    take_at(
        context.root.path(),
        engine.signals().clone(),
        context.threads,
        how,
    )
    .map_err(|e| engine_error(e, context.root_span))
}

fn take_at(
    root: &std::path::Path,
    signals: nu_protocol::Signals,
    threads: Option<usize>,
    how: fn(&std::path::Path, &Options<'_>) -> uvcache::Result<Inventory>,
) -> uvcache::Result<Option<Inventory>> {
    let interrupted = move || signals.interrupted();
    let mut options = Options {
        interrupted: &interrupted,
        ..Options::default()
    };
    if let Some(threads) = threads {
        options.threads = threads;
    }
    match how(root, &options) {
        Ok(inventory) => Ok(Some(inventory)),
        Err(Error::MissingCache(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

impl PluginCommand for Ls {
    type Plugin = UvcachePlugin;

    fn name(&self) -> &str {
        "uvcache ls"
    }

    fn description(&self) -> &str {
        "List the cache's entries: bucket, kind, package, version, sizes, last use, status."
    }

    fn extra_description(&self) -> &str {
        "One row per cache entry (a downloaded wheel, a built wheel, a Simple API page, a git \
         checkout, ...). `size` is allocated disk bytes with the entry's share of the unzipped \
         archives it links to; `shared` is what is hardlinked elsewhere (e.g. into a venv) and \
         would not be freed. Package names come from paths, never from file contents. \
         `last_use` is the pointer files' access time when the file system records reads after \
         writes, else their modification time (`last_use_source` says which). An archive no \
         entry links to is its own row, with status `dangling`."
    }

    fn search_terms(&self) -> Vec<&str> {
        vec!["list", "entries", "inventory", "packages", "wheels"]
    }

    fn signature(&self) -> Signature {
        Signature::build(PluginCommand::name(self))
            .cache_flags()
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

    fn run(
        &self,
        _plugin: &UvcachePlugin,
        engine: &EngineInterface,
        call: &EvaluatedCall,
        _input: PipelineData,
    ) -> Result<PipelineData, LabeledError> {
        let bucket: Option<Spanned<String>> = call.get_flag("bucket")?;
        let kind: Option<Spanned<String>> = call.get_flag("kind")?;
        let status: Option<Spanned<String>> = call.get_flag("status")?;
        let package: Option<String> = call
            .get_flag::<String>("package")?
            .map(|p| normalize_name(&p));
        one_of(&bucket, BUCKET_NAMES, "bucket")?;
        one_of(&kind, KIND_NAMES, "kind")?;
        one_of(&status, STATUS_NAMES, "status")?;
        let context = Context::load(engine, call)?;
        // Two parts: the first (pages, interpreters, git, ...) is walked before streaming
        // starts, so rows flow at once; the second (wheels, sdists, archives) is walked when
        // the stream reaches it, and an error there becomes an error row.
        let Some(first) = take(engine, &context, Inventory::take_in_parts)? else {
            return Ok(PipelineData::value(Value::list(vec![], call.head), None));
        };
        let span = call.head;
        let root_span = context.root_span;
        let (root, signals, threads) = (
            context.root.path().to_path_buf(),
            engine.signals().clone(),
            context.threads,
        );
        let rest = std::iter::once_with(move || {
            match take_at(&root, signals, threads, Inventory::take_linked_part) {
                Ok(Some(inventory)) => inventory.entries.into_iter().map(Ok).collect::<Vec<_>>(),
                Ok(None) => Vec::new(),
                Err(e) => vec![Err(engine_error(e, root_span))],
            }
        })
        .flatten();
        let (bucket, kind, status) = (
            bucket.map(|b| b.item),
            kind.map(|k| k.item),
            status.map(|s| s.item),
        );
        let keep = move |e: &uvcache::Entry| {
            bucket
                .as_deref()
                .is_none_or(|b| e.bucket.map(Bucket::prefix) == Some(b))
                && kind.as_deref().is_none_or(|k| e.kind.name() == k)
                && status.as_deref().is_none_or(|s| e.status.name() == s)
                && package
                    .as_deref()
                    .is_none_or(|p| e.package.as_deref() == Some(p))
        };
        let rows = first
            .entries
            .into_iter()
            .map(Ok)
            .chain(rest)
            .filter(move |row| row.as_ref().map_or(true, &keep))
            .map(move |row| match row {
                Ok(e) => entry_value(&e, span),
                Err(e) => Value::error(e.into(), span),
            });
        Ok(PipelineData::list_stream(
            ListStream::new(rows, span, engine.signals().clone()),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() -> Result<(), nu_protocol::ShellError> {
        super::super::plugin_test()?.test_command_examples(&Ls)
    }
}
