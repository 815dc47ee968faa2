//! The freshness commands' front: `fetch`, `git` and `key`.

use uvcache_commands::{Blame, CommandError, Invocation, Value};

#[cfg(feature = "fetch")]
use crate::args::FetchArgs;
#[cfg(feature = "git")]
use crate::args::{GitArgs, KeyArgs};
use crate::progress::Spinner;

#[cfg(feature = "fetch")]
pub(crate) fn fetch(invocation: &Invocation, args: FetchArgs) -> Result<Value, CommandError> {
    let _spinner = Spinner::start("fetching", &invocation.env);
    let fetch_args = uvcache_commands::fetch::FetchArgs {
        network: args.network.into(),
        unpack: args.unpack,
    };
    uvcache_commands::fetch::run(invocation, &args.url, &fetch_args)
}

#[cfg(feature = "git")]
pub(crate) fn git(invocation: &Invocation, args: GitArgs) -> Result<Value, CommandError> {
    let _spinner = Spinner::start("resolving", &invocation.env);
    let git_args = uvcache_commands::git::GitArgs {
        rev: args.rev,
        network: args.network.into(),
    };
    uvcache_commands::git::run(invocation, &args.url, &git_args)
}

#[cfg(feature = "git")]
pub(crate) fn key(invocation: &Invocation, args: KeyArgs) -> Result<Value, CommandError> {
    let saved = args.compare.as_deref().map(read_json).transpose()?;
    uvcache_commands::key::run(
        invocation,
        args.dir.as_deref(),
        saved.as_ref(),
        args.reinstall,
    )
}

/// A saved JSON document (`--compare FILE`).
#[cfg(feature = "git")]
fn read_json(path: &std::path::Path) -> Result<serde_json::Value, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CommandError::usage(
            format!("Cannot read `{}`", path.display()),
            e.to_string(),
            Blame::Flag("compare"),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        CommandError::usage(
            format!("`{}` is not JSON", path.display()),
            e.to_string(),
            Blame::Flag("compare"),
        )
    })
}
