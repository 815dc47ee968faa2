//! `uvcache history`: the cache's size over time, one row per time its index was written.

use uvcache::cache::index::history;

use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::{Record, Value};

pub const ABOUT: &str = "The cache's size over time: total and bytes per bucket.";
pub const LONG_ABOUT: &str = "One row each time the cache's index was written (a first walk, \
    an answer that found changes, --exact), oldest first: `time`, `total`, one column per \
    top-level directory (`wheels-v8`, `(root)`...) and `packages`, the ten largest. Kept beside \
    the index in uvcache's store, at most the 2,000 newest. Pipe it into a chart of your own, \
    or draw it with the CLI's --plot.";

/// The rows, oldest first.
pub fn run(invocation: &Invocation) -> Result<Value> {
    let context = Context::load(invocation)?;
    let Some(dir) = &context.index else {
        return Ok(Value::List(Vec::new()));
    };
    let points = history::read(dir, context.root.path())
        .map_err(|e| CommandError::engine(e, Blame::Call))?;
    Ok(Value::List(
        points
            .into_iter()
            .map(|p| {
                let mut row = Record::default();
                row.push(
                    "time",
                    Value::opt_date(humantime::parse_rfc3339(&p.at).ok()),
                );
                row.push("total", Value::Filesize(p.total));
                for (name, bytes) in p.buckets {
                    row.push(name, Value::Filesize(bytes));
                }
                let packages = p
                    .packages
                    .into_iter()
                    .map(|(name, bytes)| {
                        let mut r = Record::default();
                        r.push("package", Value::text(name));
                        r.push("size", Value::Filesize(bytes));
                        r.into()
                    })
                    .collect();
                row.push("packages", Value::List(packages));
                row.into()
            })
            .collect(),
    ))
}
