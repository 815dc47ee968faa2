//! `uvcache size`: disk usage as `uv cache size` counts it, per bucket or per package.

use uvcache::cache::index::Depth;
use uvcache::cache::size::SizeReport;

use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

pub const ABOUT: &str =
    "Show the cache's disk usage (same total as `uv cache size`), per bucket or per package.";
pub const LONG_ABOUT: &str = "The total counts allocated blocks, directories included, hardlinked \
    files once and symlinks not followed, like `du -s -B1` and `uv cache size`. Rows add up to the \
    total: the root directory and its marker files form a `(root)` bucket row, and a package row \
    without a name holds what names no package. A cache that does not exist has size 0. Answers \
    come from the cache's index in uvcache's store, checked against the disk first (`indexed_at` \
    says when it was written, `exact` whether this answer walked everything); --exact walks the \
    whole cache and rewrites the index.";

/// The breakdowns `--by` accepts.
pub const BY: [&str; 2] = ["bucket", "package"];

/// `{path, total, buckets|packages}`.
pub fn run(invocation: &Invocation, by: Option<&str>) -> Result<Value> {
    let by_package = match by {
        None | Some("bucket") => false,
        Some("package") => true,
        Some(other) => {
            return Err(CommandError::usage(
                format!("Unknown breakdown `{other}`"),
                "expected bucket or package",
                Blame::Flag("by"),
            )
            .with_help("use --by bucket or --by package"));
        }
    };
    let context = Context::load(invocation)?;
    let path = Value::text(context.root.path().to_string_lossy());
    if !by_package && let Some((report, freshness)) = context.summarized() {
        return Ok(record! {
            "path" => path,
            "total" => Value::Filesize(report.total),
            "buckets" => Value::List(bucket_rows(report)),
            "indexed_at" => Value::Date(freshness.indexed_at),
            "exact" => Value::Bool(freshness.exact),
        }
        .into());
    }
    let table = if by_package { "packages" } else { "buckets" };
    let Some((inventory, freshness)) = context.answer(Depth::Sizes)? else {
        return Ok(record! {
            "path" => path,
            "total" => Value::Filesize(0),
            table => Value::List(vec![]),
            "indexed_at" => Value::Nothing,
            "exact" => Value::Bool(true),
        }
        .into());
    };
    let rows = if by_package {
        SizeReport::by_package(&inventory)
            .into_iter()
            .map(|row| {
                record! {
                    "package" => Value::opt_text(row.package),
                    "size" => Value::Filesize(row.disk),
                    "apparent" => Value::Filesize(row.apparent),
                    "entries" => Value::count(row.entries),
                    "versions" => Value::texts(row.versions),
                }
                .into()
            })
            .collect()
    } else {
        bucket_rows(SizeReport::of(&inventory))
    };
    Ok(record! {
        "path" => path,
        "total" => Value::Filesize(inventory.total_disk),
        table => Value::List(rows),
        "indexed_at" => Value::Date(freshness.indexed_at),
        "exact" => Value::Bool(freshness.exact),
    }
    .into())
}

/// One row per bucket (and the root's markers), largest first.
fn bucket_rows(report: SizeReport) -> Vec<Value> {
    report
        .buckets
        .into_iter()
        .map(|row| {
            record! {
                "name" => Value::text(row.name),
                "bucket" => Value::opt_text(row.bucket.map(|b| b.prefix())),
                "state" => Value::text(row.state),
                "size" => Value::Filesize(row.disk),
                "entries" => Value::count(row.entries),
            }
            .into()
        })
        .collect()
}
