//! The rows `push`, `pull`, `remote ls` and `prune --remote` return.

use uvcache::remote::pull::PullOutcome;
use uvcache::remote::{Manifest, Traffic};

use crate::{Record, Value, record};

pub(super) fn traffic(record: &mut Record, traffic: &Traffic, verb: &str) {
    record.push(format!("objects_{verb}"), Value::count(traffic.objects));
    record.push(format!("bytes_{verb}"), Value::Filesize(traffic.bytes));
    record.push("objects_skipped", Value::count(traffic.skipped_objects));
    record.push("bytes_skipped", Value::Filesize(traffic.skipped_bytes));
}

pub(super) fn entry_row(id: &str, m: &Manifest) -> Record {
    record! {
        "entry" => Value::text(&m.entry),
        "package" => Value::opt_text(m.package.as_deref()),
        "version" => Value::opt_text(m.version.as_deref()),
        "kind" => Value::text(&m.kind),
        "size" => Value::Filesize(m.size),
        "files" => Value::count(m.files.len()),
        "id" => Value::text(&id[..id.len().min(16)]),
    }
}

/// One row per entry of a push or pull, with what happened to it.
pub(super) fn outcome_rows<'a>(
    entries: impl Iterator<Item = (&'a String, &'a Manifest, &'static str)>,
) -> Value {
    Value::List(
        entries
            .map(|(id, manifest, outcome)| {
                entry_row(id, manifest)
                    .with("outcome", Value::text(outcome))
                    .into()
            })
            .collect(),
    )
}

/// One row per entry of a pull: what happened, which trusted key (if any) made it taken, and
/// why it failed.
pub(super) fn pulled_rows(report: &uvcache::remote::pull::PullReport) -> Value {
    Value::List(
        report
            .entries
            .iter()
            .map(|e| {
                entry_row(&e.id, &e.manifest)
                    .with("outcome", Value::text(e.outcome.name()))
                    .with("signed", Value::Bool(e.signed_by.is_some()))
                    .with("signed_by", Value::opt_text(e.signed_by.as_deref()))
                    .with(
                        "reason",
                        Value::opt_text(match &e.outcome {
                            PullOutcome::Failed(why) => Some(why.as_str()),
                            _ => None,
                        }),
                    )
                    .into()
            })
            .collect(),
    )
}

/// The builder's facts as a record (nothing for manifests of uvcache before it recorded them).
pub(super) fn builder(builder: Option<&uvcache::platform::builder::Builder>) -> Value {
    let Some(b) = builder else {
        return Value::Nothing;
    };
    let python = b.python.as_ref();
    record! {
        "os" => Value::text(&b.os),
        "arch" => Value::text(&b.arch),
        "libc" => Value::opt_text(b.libc.as_ref().map(|l| l.to_string()).as_deref()),
        "python" => Value::opt_text(python.map(|p| format!("{} {}", p.implementation, p.version)).as_deref()),
        "abi" => Value::opt_text(python.map(|p| p.abi.as_str())),
    }
    .into()
}
