//! `uvcache git URL [--rev REF]`: a repository's reference resolved to a commit, checked out.

use uvcache::store::git::{self, GitOptions};
use uvcache::text::safe_url;

use crate::context::{Invocation, Network, load_store};
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

pub const ABOUT: &str =
    "Resolve a git reference to a commit and check it out in uvcache's store, as uv does.";
pub const LONG_ABOUT: &str = "REF is a branch, a tag, or a short or full commit (default: the \
    remote's default branch). One bare database per repository URL and one checkout per commit \
    are kept in the store. References resolve from the database without the network; --refresh \
    fetches first (a moved branch is seen only then). A full commit already in the database needs \
    no network at all, so pinned commits work --offline. Returns url, rev, commit, path, db and \
    status (hit: no network; fetched).";

/// What `git` takes besides the URL.
#[derive(Debug, Clone, Default)]
pub struct GitArgs {
    /// The reference to resolve.
    pub rev: Option<String>,
    /// Fetch before resolving, or never fetch.
    pub network: Network,
}

/// The resolution as a record.
pub fn run(invocation: &Invocation, url: &str, args: &GitArgs) -> Result<Value> {
    let store = load_store(invocation)?;
    let options = GitOptions {
        refresh: args.network.refreshes(url, git::refresh_selects),
        offline: invocation.offline(&args.network),
        interrupt: uvcache::store::Interrupt::new(invocation.interrupted.clone()),
    };
    let resolved = git::resolve(&store, &invocation.env, url, args.rev.as_deref(), options)
        .map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    Ok(record! {
        "url" => Value::text(safe_url(&resolved.url)),
        "rev" => Value::opt_text(resolved.rev),
        "commit" => Value::text(resolved.commit),
        "path" => Value::text(resolved.path.to_string_lossy()),
        "db" => Value::text(resolved.db.to_string_lossy()),
        "status" => Value::text(resolved.status.name()),
    }
    .into())
}
