//! `uvcache envs`: the Python environments that use the cache, and what each takes from it.

use uvcache::Inventory;
use uvcache::envs::{Discovery, Summary, Venv};

use crate::context::{Context, Invocation};
use crate::error::Result;
use crate::{Value, record};

pub const ABOUT: &str = "List the Python environments found and what each uses from the cache.";
pub const LONG_ABOUT: &str = "One row per environment: uv's tools (UV_TOOL_DIR, else uv's \
    data directory), $VIRTUAL_ENV, the nearest .venv above the working directory, uv's cached \
    environments inside the cache, and the paths or globs named by --environments, \
    UVCACHE_ENVIRONMENTS and `environments` in uvcache's config (all of them add up). Read from \
    pyvenv.cfg and site-packages/*.dist-info, never by running Python. `entries` counts the cache \
    entries the environment uses, `hardlinked` those it holds hardlinks into (proof), and \
    `shared` their bytes; `found_by` and `rule` say which layer or rule found it. Places that \
    match nothing are reported on stderr.";

/// The environments as rows, and the discovery's issues (patterns that matched nothing,
/// unreadable directories) for the front end to report.
pub fn run(invocation: &Invocation) -> Result<Value> {
    let context = Context::load(invocation)?;
    let (discovery, summaries) = match context.inventory_with_environments()? {
        Some((_, discovery, summaries)) => (discovery, summaries),
        None => {
            let mut empty = Inventory {
                root: context.root.path().to_path_buf(),
                entries: Vec::new(),
                top: Vec::new(),
                total_disk: 0,
                root_disk: 0,
                issues: Vec::new(),
            };
            uvcache::envs::scan(&context.config, &mut empty)
        }
    };
    let Discovery { venvs, issues } = discovery;
    let rows = venvs
        .iter()
        .zip(&summaries)
        .map(|(venv, summary)| row(venv, summary))
        .collect();
    context.warnings().say_all(issues);
    Ok(Value::List(rows))
}

fn row(venv: &Venv, summary: &Summary) -> Value {
    let problems = venv.problems.iter().chain(&summary.problems);
    record! {
        "path" => Value::text(venv.path.display().to_string()),
        "kind" => Value::text(venv.kind.name()),
        "python" => Value::opt_text(venv.python.as_deref()),
        "uv" => Value::opt_text(venv.uv.as_deref()),
        "packages" => Value::count(venv.dists.len()),
        "entries" => Value::count(summary.entries),
        "hardlinked" => Value::count(summary.hardlinked),
        "shared" => Value::Filesize(summary.shared),
        "found_by" => Value::text(venv.found.layer.map_or("discovered", |l| l.name())),
        "rule" => Value::text(&venv.found.rule),
        "problems" => Value::texts(problems.map(String::as_str)),
    }
    .into()
}
