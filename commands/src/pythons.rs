//! The interpreters `pull` and `remote ls` judge wheels for: `--python` (or `UV_PYTHON`, as uv
//! reads it), else the interpreters of the environments uvcache finds, else `python3` on
//! `PATH`. With none of them, only the platform is judged.

use uvcache::platform::python::Python;
use uvcache::remote::fit::Targets;

use crate::context::Context;
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

/// `--python`'s help.
pub const PYTHON: &str = "Judge wheels for this interpreter, as `uv --python` takes it: a version \
    (3.12, 3.13t, pypy@3.10) or a path. Default: UV_PYTHON, else the interpreters of the \
    environments uvcache finds, else python3 on PATH.";

/// The interpreters to judge for, and this machine: the one [`named`], else those [`found`].
pub fn targets(context: &Context, named: Option<&Python>) -> Targets {
    match named {
        Some(python) => Targets::new(vec![python.clone()]),
        None => found(context),
    }
}

/// The interpreter `--python` (else UV_PYTHON) names, asked at once so that a bad value fails
/// before anything else is done; `None` when neither is set. A bad value names where it came
/// from.
pub fn named(context: &Context, flag: Option<&str>) -> Result<Option<Python>> {
    let env = context.config.environment();
    let named = flag
        .map(|text| (text, "--python", Blame::Flag("python")))
        .or_else(|| {
            env.var("UV_PYTHON")
                .map(|text| (text, "UV_PYTHON", Blame::Call))
        });
    let Some((text, source, blame)) = named else {
        return Ok(None);
    };
    Python::request(text, env, source)
        .map(Some)
        .map_err(|error| {
            let label = match blame {
                Blame::Flag(_) => error.to_string(),
                _ => format!("{source}: {error}"),
            };
            CommandError::usage("Invalid Python", label, blame)
        })
}

/// The interpreters of the environments uvcache finds, else `python3` on `PATH`: each asked
/// in its own process, so callers look for them while they read the remote.
pub fn found(context: &Context) -> Targets {
    let env = context.config.environment();
    let found = uvcache::envs::discover(&context.config, context.root.path(), &[]);
    let mut pythons: Vec<Python> = found
        .venvs
        .iter()
        .filter_map(|venv| {
            Python::of_environment(
                &venv.path,
                venv.python.as_deref(),
                &venv.path.display().to_string(),
            )
        })
        .collect();
    if pythons.is_empty()
        && let Ok(python) = Python::request("python3", env, "python3 on PATH")
    {
        pythons.push(python);
    }
    Targets::new(pythons)
}

/// What a result says it judged for: one record per interpreter, and the machine.
pub fn judged_for(targets: &Targets) -> Value {
    let pythons = targets
        .pythons
        .iter()
        .map(|s| {
            record! {
                "python" => Value::text(s.python.describe()),
                "chosen_by" => Value::text(&s.python.chosen_by),
            }
            .into()
        })
        .collect();
    record! {
        "platform" => Value::text(targets.host.platform()),
        "libc" => Value::opt_text(targets.host.libc.as_ref().map(|l| l.to_string()).as_deref()),
        "pythons" => Value::List(pythons),
    }
    .into()
}
