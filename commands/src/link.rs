//! `uvcache link ENTRY DEST`: materialize a stored archive or checkout with uv's link modes.

use std::path::Path;

use uvcache::store::link::{self, LinkMode};

use crate::context::{Invocation, load_store};
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

pub const ABOUT: &str =
    "Materialize a stored archive or checkout into a directory: clone, hardlink, copy or symlink.";
pub const LONG_ABOUT: &str = "ENTRY is a path in uvcache's store (absolute, or relative to the \
    store, e.g. a `path` returned by fetch or git). Modes fall back as uv's do: clone → hardlink → \
    copy, hardlink → copy, symlink → copy; the first file decides, and falling back to copies \
    warns once (DEST on another file system). The default is UV_LINK_MODE, else uv's platform \
    default (clone on Linux and macOS). RECORD files are always copied. Files already in DEST are \
    refused before anything is written, unless --reinstall, which replaces them. DEST is locked \
    while linking.";

/// The modes `--mode` accepts.
pub const MODES: [&str; 4] = ["clone", "hardlink", "copy", "symlink"];

/// What was linked, as a record.
pub fn run(
    invocation: &Invocation,
    entry: &str,
    dest: &str,
    mode: Option<&str>,
    reinstall: bool,
) -> Result<Value> {
    let (mode, blame) = match mode {
        Some(name) => (Some(name.to_string()), Blame::Flag("mode")),
        None => (
            invocation.env.var("UV_LINK_MODE").map(str::to_string),
            Blame::Call,
        ),
    };
    let mode = match mode.as_deref() {
        None => LinkMode::platform_default(),
        Some(name) => LinkMode::from_name(name).ok_or_else(|| {
            CommandError::usage(
                format!("Unknown link mode `{name}`"),
                format!("expected one of {}", MODES.join(", ")),
                blame,
            )
        })?,
    };
    let store = load_store(invocation)?;
    let linked = link::link(
        &store,
        &invocation.env,
        Path::new(entry),
        Path::new(dest),
        mode,
        reinstall,
    )
    .map_err(|e| {
        let blame = match &e {
            uvcache::Error::StoreEntry { .. } => Blame::Arg(0),
            _ => Blame::Arg(1),
        };
        CommandError::engine(e, blame)
    })?;
    // The fallback is said as uv says it, and kept in the record for scripts.
    invocation.warnings.say_all(linked.warning.clone());
    Ok(record! {
        "source" => Value::text(linked.source.to_string_lossy()),
        "dest" => Value::text(linked.dest.to_string_lossy()),
        "mode" => Value::text(linked.requested.name()),
        "used" => Value::text(linked.used.name()),
        "files" => Value::count(linked.files),
        "bytes" => Value::Filesize(linked.bytes),
        "replaced" => Value::count(linked.replaced),
        "warning" => Value::opt_text(linked.warning),
    }
    .into())
}
