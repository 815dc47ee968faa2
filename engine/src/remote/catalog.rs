//! What a remote holds: every manifest, read and checked. Listing the `manifests/` folder is the
//! remote's only index, so there is nothing shared to rewrite and nothing to go stale.

use futures_util::StreamExt;

use crate::error::Result;
use crate::remote::manifest::{self, Manifest};
use crate::remote::store::{CONCURRENCY, Remote};

/// The manifests of a remote.
#[derive(Debug, Default)]
pub struct Listing {
    /// `(id, manifest)`, sorted by entry path and then push time.
    pub manifests: Vec<(String, Manifest)>,
    /// Manifests that could not be read, or that were refused by [`Manifest::check`] or
    /// because their name is not their content's hash.
    pub problems: Vec<String>,
    /// How many manifests could not be read at all (their references are unknown).
    pub unreadable: usize,
}

/// Reads every manifest of `remote`, `CONCURRENCY` at a time.
pub fn read(remote: &Remote) -> Result<Listing> {
    let names: Vec<String> = remote
        .list("manifests")?
        .into_iter()
        .map(|o| o.name)
        .filter(|n| n.ends_with(".json"))
        .collect();
    let results: Vec<(String, Result<bytes::Bytes>)> = remote.block_on(
        futures_util::stream::iter(
            names
                .iter()
                .map(|name| async move { (name.clone(), remote.get(name).await) }),
        )
        .buffer_unordered(CONCURRENCY)
        .collect(),
    );
    let mut listing = Listing::default();
    for (name, bytes) in results {
        let checked = bytes
            .and_then(|b| manifest::parse(&name, &b))
            .and_then(|m| {
                m.check().map_err(|message| crate::Error::Integrity {
                    object: name.clone(),
                    entry: m.entry.clone(),
                    message,
                })?;
                if name != m.object_name() {
                    return Err(crate::Error::Integrity {
                        object: name.clone(),
                        entry: m.entry.clone(),
                        message: format!("its content hashes to {}", m.id()),
                    });
                }
                Ok(m)
            });
        match checked {
            Ok(m) => listing.manifests.push((m.id(), m)),
            Err(e) => {
                if !matches!(e, crate::Error::Integrity { .. }) {
                    listing.unreadable += 1;
                }
                listing.problems.push(e.to_string());
            }
        }
    }
    listing
        .manifests
        .sort_by(|a, b| (&a.1.entry, &a.1.pushed_at).cmp(&(&b.1.entry, &b.1.pushed_at)));
    listing.problems.sort();
    Ok(listing)
}
