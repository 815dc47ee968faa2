//! `uvcache clean`: remove the whole cache, or the entries of some packages, as uv does.

use uvcache::removal::Operation;

use crate::Value;
use crate::context::Invocation;
use crate::error::{Blame, Result, package_name};
use crate::removal::{Job, RemovalArgs, run as run_job};

pub const ABOUT: &str =
    "Remove all cache entries, or those of the given packages (same result as `uv cache clean`).";
pub const LONG_ABOUT: &str = "Without packages everything goes but the root directory and uv's \
    `.lock` (releases before 0.13.1 remove both too). With packages, the same paths go as with \
    the target uv release (--uv-version; default the uv on PATH): their wheels, sdists and Simple \
    API pages, the archives nothing else links to, and (as uv) the whole flat-index bucket; \
    editable builds and git checkouts stay. Runs under uv's exclusive lock, waiting up to \
    UV_LOCK_TIMEOUT seconds (default 300) for running uv commands. Unlike uv, refuses a directory \
    that does not look like a uv cache unless --allow-non-cache is given. Returns a summary; \
    --dry-run returns the plan instead and removes nothing.";

/// Cleans `packages` (everything if empty).
pub fn run(invocation: &Invocation, packages: &[String], args: RemovalArgs) -> Result<Value> {
    for (i, package) in packages.iter().enumerate() {
        package_name(package, Blame::Arg(i))?;
    }
    let operation = if packages.is_empty() {
        Operation::CleanAll
    } else {
        Operation::CleanPackages(packages.to_vec())
    };
    run_job(invocation, args, Job::Operation(operation))
}
