//! `uvcache fetch URL`: a file through the store, by HTTP caching headers or modification time.

use uvcache::store::fetch::{self, FetchOptions};
use uvcache::text::safe_url;

use crate::context::{Invocation, Network, load_store};
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

pub const ABOUT: &str =
    "Fetch a URL through uvcache's store, reusing it while its caching headers say it is fresh.";
pub const LONG_ABOUT: &str = "HTTP(S) responses are stored by their caching headers (RFC 9111, as \
    uv's private cache): a fresh entry is served with no request; a stale one is revalidated with \
    If-None-Match / If-Modified-Since, and a 304 renews it; `no-store` responses are never kept; \
    `immutable` ones are not revalidated by --refresh. file:// URLs and local paths are kept by \
    modification time. Returns url, path, status (hit, revalidated, miss, refreshed), bytes, \
    sha256 and fresh_until. Bodies stream to disk; a partial download never becomes an entry.";

/// What `fetch` takes besides the URL.
#[derive(Debug, Clone, Default)]
pub struct FetchArgs {
    /// Revalidate, or never touch the network.
    pub network: Network,
    /// Unpack a wheel into the archive.
    pub unpack: bool,
}

/// The fetched file as a record.
pub fn run(invocation: &Invocation, url: &str, args: &FetchArgs) -> Result<Value> {
    let store = load_store(invocation)?;
    let options = FetchOptions {
        refresh: args.network.refreshes(url, fetch::refresh_selects),
        offline: invocation.offline(&args.network),
        unpack: args.unpack,
        interrupt: fetch::Interrupt::new(invocation.interrupted.clone()),
    };
    let fetched = fetch::fetch(&store, &invocation.env, url, &options)
        .map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    Ok(record! {
        "url" => Value::text(safe_url(&fetched.url)),
        "path" => Value::text(fetched.path.to_string_lossy()),
        "status" => Value::text(fetched.status.name()),
        "bytes" => Value::Filesize(fetched.bytes),
        "sha256" => Value::text(fetched.sha256),
        "fresh_until" => Value::opt_date(fetched.fresh_until),
        "stored" => Value::Bool(fetched.stored),
        "entry" => Value::text(fetched.entry.to_string_lossy()),
    }
    .into())
}
