//! `uvcache ls`: the inventory as a stream of rows.

use uvcache::cache::Entry;
use uvcache::cache::layout::Bucket;
use uvcache::cache::names::normalize_name;
use uvcache::{EntryKind, Status};

use crate::context::{Context, Invocation};
use crate::error::{CommandError, Result, one_of};
use crate::{Value, record};

pub const ABOUT: &str =
    "List the cache's entries: bucket, kind, package, version, sizes, last use, status.";
pub const LONG_ABOUT: &str = "One row per cache entry (a downloaded wheel, a built wheel, a \
    Simple API page, a git checkout, ...). `size` is allocated disk bytes with the entry's share \
    of the unzipped archives it links to; `shared` is what is hardlinked elsewhere (e.g. into a \
    venv) and would not be freed. Package names come from paths, never from file contents. \
    `last_use` is the pointer files' access time when the file system records reads after \
    writes, else their modification time (`last_use_source` says which); answered from the \
    index's listing, it may miss uses of the last 10 minutes (`--exact` reads them all). An \
    archive no entry links to is its own row, with status `dangling`.";

/// The names the filters accept.
pub const BUCKET_NAMES: &[&str] = &uvcache::cache::layout::BUCKET_NAMES;
pub const KIND_NAMES: &[&str] = &EntryKind::NAMES;
pub const STATUS_NAMES: &[&str] = &Status::NAMES;

/// The columns of a row, in order.
pub const COLUMNS: [&str; 20] = [
    "path",
    "bucket",
    "bucket_version",
    "kind",
    "source",
    "package",
    "version",
    "digest",
    "size",
    "apparent",
    "shared",
    "files",
    "modified",
    "last_use",
    "last_use_source",
    "references",
    "external_links",
    "status",
    "used_by",
    "used_by_evidence",
];

/// Filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub bucket: Option<String>,
    pub package: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
}

impl Filter {
    fn check(&self) -> Result<()> {
        one_of(self.bucket.as_deref(), BUCKET_NAMES, "bucket", "bucket")?;
        one_of(self.kind.as_deref(), KIND_NAMES, "kind", "kind")?;
        one_of(self.status.as_deref(), STATUS_NAMES, "status", "status")
    }

    /// Whether an entry passes (the package filter already normalized).
    fn keeps(&self, e: &Entry) -> bool {
        self.bucket
            .as_deref()
            .is_none_or(|b| e.bucket.map(Bucket::prefix) == Some(b))
            && self.kind.as_deref().is_none_or(|k| e.kind.name() == k)
            && self.status.as_deref().is_none_or(|s| e.status.name() == s)
            && self
                .package
                .as_deref()
                .is_none_or(|p| e.package.as_deref() == Some(p))
    }
}

/// One entry as a row (its texts moved, not copied: a full `ls` is 50k rows and more).
pub fn entry_value(entry: Entry) -> Value {
    // Environments that have the entry installed (see `uvcache envs`); the evidence of each,
    // in the same order: `hardlink` (same inode: proven) or `version` (name, version and
    // kind of source match).
    let used_by = entry.used_by.unwrap_or_default();
    record! {
        "path" => Value::String(entry.path),
        "bucket" => Value::opt_text(entry.bucket.map(Bucket::prefix)),
        "bucket_version" => entry.bucket_version.map_or(Value::Nothing, |v| Value::Int(i64::from(v))),
        "kind" => Value::text(entry.kind.name()),
        "source" => Value::opt_text(entry.source.map(|s| s.name())),
        "package" => Value::opt_text(entry.package),
        "version" => Value::opt_text(entry.version),
        "digest" => Value::opt_text(entry.digest),
        "size" => Value::Filesize(entry.disk),
        "apparent" => Value::Filesize(entry.apparent),
        "shared" => Value::Filesize(entry.shared),
        "files" => Value::count(entry.files),
        "modified" => Value::opt_date(entry.modified),
        "last_use" => Value::opt_date(entry.last_use),
        "last_use_source" => Value::text(entry.last_use_source.name()),
        "references" => Value::texts(entry.references),
        // Links whose target leaves the root: absolute links of a cache that was moved or
        // copied (uv before 0.11.17 wrote absolute links). Never followed; no reference.
        "external_links" => Value::texts(entry.external_links),
        "status" => Value::text(entry.status.name()),
        "used_by" => Value::texts(used_by.iter().map(|u| u.environment.to_string())),
        "used_by_evidence" => Value::texts(used_by.iter().map(|u| u.evidence.name())),
    }
    .into()
}

/// Rows as they come; an error while walking becomes an error item.
pub type Rows = Box<dyn Iterator<Item = Result<Value>> + Send>;

/// The rows, in two parts: the first (pages, interpreters, git, ...) is walked before this
/// returns, so rows flow at once; the second (wheels, sdists, archives) when the consumer
/// reaches it.
pub fn run(invocation: &Invocation, mut filter: Filter) -> Result<Rows> {
    filter.check()?;
    filter.package = filter.package.as_deref().map(normalize_name);
    let context = Context::load(invocation)?;
    if context.index.is_some() {
        // From the index: the whole inventory at once, as fast as the first part would be.
        let Some((inventory, ..)) = context.inventory_with_environments()? else {
            return Ok(Box::new(std::iter::empty()));
        };
        return Ok(Box::new(
            inventory
                .entries
                .into_iter()
                .filter(move |e| filter.keeps(e))
                .map(|e| Ok(entry_value(e))),
        ));
    }
    let blame = context.root_blame.clone();
    let check = || (context.invocation.interrupted)();
    let first = context
        .reader(&check)
        .walked_part(false)
        .map_err(|e| CommandError::engine(e, blame.clone()))?;
    let Some(mut first) = first else {
        return Ok(Box::new(std::iter::empty()));
    };
    if invocation.store {
        // The store's indexes, one row per cache.
        uvcache::cache::index::sets::expand(&mut first);
    }
    // The second part holds every entry an environment can use (wheels, built wheels,
    // archives) and uv's cached environments: environments are read and matched with it.
    let rest = std::iter::once_with(move || {
        let check = || (context.invocation.interrupted)();
        match context.reader(&check).walked_part(true) {
            Ok(Some(mut inventory)) => {
                uvcache::envs::scan(&context.config, &mut inventory);
                inventory.entries.into_iter().map(Ok).collect::<Vec<_>>()
            }
            Ok(None) => Vec::new(),
            Err(e) => vec![Err(CommandError::engine(e, blame.clone()))],
        }
    })
    .flatten();
    Ok(Box::new(
        first
            .entries
            .into_iter()
            .map(Ok)
            .chain(rest)
            .filter(move |row| row.as_ref().map_or(true, |e| filter.keeps(e)))
            .map(|row| row.map(entry_value)),
    ))
}
