//! What a remote holds: every manifest, read and checked. Listing the `manifests/` folder is the
//! remote's only index, so there is nothing shared to rewrite and nothing to go stale.

use futures_util::StreamExt;

use std::collections::HashMap;
use std::time::SystemTime;

use crate::error::{Refusal, Result};
use crate::remote::manifest::{self, Manifest};
use crate::remote::store::{CONCURRENCY, Remote};
use crate::remote::trust::{PublicKey, SignatureRecord, Trust};

/// The manifests of a remote.
#[derive(Debug, Default)]
pub struct Listing {
    /// `(id, manifest)`, sorted by entry path and then id.
    pub manifests: Vec<(String, Manifest)>,
    /// Manifests that could not be read, or that were refused by [`Manifest::check`] or
    /// because their name is not their content's hash.
    pub problems: Vec<String>,
    /// How many manifests could not be read at all (their references are unknown).
    pub unreadable: usize,
    /// The signatures that verify, by manifest id.
    pub signatures: HashMap<String, Vec<SignatureRecord>>,
    /// When the store last wrote each manifest, by id: its own clock, which a writer can move
    /// to "now" by writing again, never into the future.
    pub stored: HashMap<String, SystemTime>,
    /// Objects this build can never use (manifests of an older format, that fail their
    /// checks, or that are not their name; objects too large to read), with when the store
    /// wrote them: `prune --remote` removes them after the grace. A newer format's stay.
    pub refused: Vec<(String, SystemTime)>,
}

/// What a trusted key vouches for about a manifest: the newest of its accepted signatures.
#[derive(Debug, Clone)]
pub struct Vouch<'a> {
    /// The key.
    pub key: PublicKey,
    /// The time it signed (unparsable: the epoch, older than any other).
    pub at: SystemTime,
    /// The signature.
    pub record: &'a SignatureRecord,
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

    /// The newest signature by which `trust` accepts manifest `id`, if one does.
    pub fn vouched(&self, id: &str, trust: &Trust) -> Option<Vouch<'_>> {
        self.signatures
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|record| {
                let key = trust.accepted_key(record)?;
                let at = humantime::parse_rfc3339(&record.statement.pushed_at)
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                Some(Vouch { key, at, record })
            })
            .max_by_key(|v| v.at)
    }

    /// When the store wrote manifest `id` (the epoch when unknown).
    pub fn stored_at(&self, id: &str) -> SystemTime {
        self.stored
            .get(id)
            .copied()
            .unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

/// Reads every manifest of `remote` and every signature, `CONCURRENCY` at a time in one
/// stream (on S3, the signatures no longer wait for the last manifest).
pub fn read(remote: &Remote) -> Result<Listing> {
    remote.check_exists()?;
    let mut stored: HashMap<String, SystemTime> = HashMap::new();
    let mut listing = Listing::default();
    let manifests = json_names(
        remote,
        "manifests",
        manifest::MAX_STORED,
        &mut stored,
        &mut listing,
    )?;
    let signatures = json_names(
        remote,
        "signatures",
        MAX_SIGNATURE,
        &mut stored,
        &mut listing,
    )?;
    let names = [manifests, signatures].concat();
    let (signatures, results): (Vec<_>, Vec<_>) = get_all(remote, &names)
        .into_iter()
        .partition(|(name, _)| name.starts_with("signatures/"));
    for (name, bytes) in results {
        let at = stored.get(&name).copied().unwrap_or(SystemTime::UNIX_EPOCH);
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                listing.unreadable += 1;
                listing.problems.push(e.to_string());
                continue;
            }
        };
        match checked(&name, &bytes) {
            Ok(m) => {
                let id = m.id();
                listing.stored.insert(id.clone(), at);
                listing.manifests.push((id, m));
            }
            Err(refused) => {
                if refused.removable {
                    listing.refused.push((name.clone(), at));
                } else {
                    // A newer uvcache's manifest names objects this build cannot see: nothing
                    // may be collected while it is there.
                    listing.unreadable += 1;
                }
                listing.problems.push(refused.error.to_string());
            }
        }
    }
    listing
        .manifests
        .sort_by(|a, b| (&a.1.entry, &a.0).cmp(&(&b.1.entry, &b.0)));
    read_signatures(signatures, &mut listing);
    listing.problems.sort();
    Ok(listing)
}

/// The most a signature object may weigh: larger ones are not read.
const MAX_SIGNATURE: u64 = 64 << 10;

/// A manifest object read and checked: its content, what it may make a pull write, and that its
/// name is its content's hash. Whatever fails this can never be pulled by this build.
fn checked(name: &str, bytes: &[u8]) -> std::result::Result<Manifest, manifest::Refused> {
    let m = manifest::read(name, bytes)?;
    let refused = |reason: Refusal| manifest::Refused {
        error: crate::Error::Integrity {
            object: name.to_string(),
            entry: m.entry.clone(),
            reason: Box::new(reason),
        },
        removable: true,
    };
    m.check().map_err(|e| refused(e.into()))?;
    if name != m.object_name() {
        return Err(refused(Refusal::Misnamed(m.id())));
    }
    Ok(m)
}

/// The names of the JSON objects in `dir` (manifests, signatures) of at most `max` bytes,
/// noting when each was written in `stored`; larger ones are reported and not read.
fn json_names(
    remote: &Remote,
    dir: &str,
    max: u64,
    stored: &mut HashMap<String, SystemTime>,
    listing: &mut Listing,
) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for object in remote.list(dir)? {
        if !object.name.ends_with(".json") {
            continue;
        }
        if object.size > max {
            listing.problems.push(format!(
                "`{}` weighs {} bytes, more than any {dir} object should: not read",
                object.name, object.size
            ));
            listing.refused.push((object.name, object.modified));
            continue;
        }
        stored.insert(object.name.clone(), object.modified);
        names.push(object.name);
    }
    Ok(names)
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
        let checked = bytes
            .map_err(|e| e.to_string())
            .and_then(|b| SignatureRecord::read(&name, &b).map_err(|e| e.to_string()));
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
