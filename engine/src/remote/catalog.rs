//! What a remote holds: every manifest, read and checked. Listing the `manifests/` folder is the
//! remote's only index, so there is nothing shared to rewrite and nothing to go stale.

use futures_util::StreamExt;

use std::collections::HashMap;

use crate::error::Result;
use crate::remote::manifest::{self, Manifest};
use crate::remote::store::{CONCURRENCY, Remote};
use crate::remote::trust::{PublicKey, SignatureRecord, Trust};

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
    /// The signatures that verify, by manifest id.
    pub signatures: HashMap<String, Vec<SignatureRecord>>,
}

impl Listing {
    /// The keys whose signatures of manifest `id` verify.
    pub fn signers(&self, id: &str) -> Vec<PublicKey> {
        self.signatures
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|s| PublicKey::parse(&s.key).ok())
            .collect()
    }

    /// The signature by which `trust` accepts manifest `id`, if one does.
    pub fn accepted(&self, id: &str, trust: &Trust) -> Option<&SignatureRecord> {
        trust.accepts(self.signatures.get(id).map_or(&[][..], Vec::as_slice))
    }
}

/// Reads every manifest of `remote` and every signature, `CONCURRENCY` at a time in one
/// stream (on S3, the signatures no longer wait for the last manifest).
pub fn read(remote: &Remote) -> Result<Listing> {
    let names = [
        json_names(remote, "manifests")?,
        json_names(remote, "signatures")?,
    ]
    .concat();
    let (signatures, results): (Vec<_>, Vec<_>) = get_all(remote, &names)
        .into_iter()
        .partition(|(name, _)| name.starts_with("signatures/"));
    let mut listing = Listing::default();
    listing.problems.extend(remote.nothing_pushed_here());
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
    read_signatures(signatures, &mut listing);
    listing.problems.sort();
    Ok(listing)
}

/// The names of the JSON objects in `dir` (manifests, signatures).
fn json_names(remote: &Remote, dir: &str) -> Result<Vec<String>> {
    Ok(remote
        .list(dir)?
        .into_iter()
        .map(|o| o.name)
        .filter(|n| n.ends_with(".json"))
        .collect())
}

/// Every object of `names`, `CONCURRENCY` at a time.
fn get_all(remote: &Remote, names: &[String]) -> Vec<(String, Result<bytes::Bytes>)> {
    remote.block_on(
        futures_util::stream::iter(
            names
                .iter()
                .map(|name| async move { (name.clone(), remote.get(name).await) }),
        )
        .buffer_unordered(CONCURRENCY)
        .collect(),
    )
}

/// Keeps the signature objects that verify and sit where their content says
/// (`signatures/<manifest id>.<key id>.json`), reports the others.
fn read_signatures(read: Vec<(String, Result<bytes::Bytes>)>, listing: &mut Listing) {
    for (name, bytes) in read {
        let checked = bytes.map_err(|e| e.to_string()).and_then(|b| {
            let record: SignatureRecord =
                serde_json::from_slice(&b).map_err(|e| format!("not a signature: {e}"))?;
            if record.object_name()? != name {
                return Err(format!(
                    "it signs manifest {} with `{}`, which belongs elsewhere",
                    record.statement.manifest, record.key
                ));
            }
            record.verified_key()?;
            Ok(record)
        });
        match checked {
            Ok(record) => listing
                .signatures
                .entry(record.statement.manifest.clone())
                .or_default()
                .push(record),
            Err(message) => listing
                .problems
                .push(format!("signature `{name}` refused: {message}")),
        }
    }
}
