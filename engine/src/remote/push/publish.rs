//! A push's last steps: its manifests written, then signed with the pusher's key; and the
//! checks that tell an object a writer without the key put in the store from a real one.

use std::collections::{HashMap, HashSet};
use std::time::SystemTime;

use bytes::Bytes;

use crate::error::{Error, RemoteFailure, Result};
use crate::remote::codec;
use crate::remote::manifest::Manifest;
use crate::remote::push::{PushOptions, PushOutcome, PushReport};
use crate::remote::pushed::Records;
use crate::remote::store::Remote;
use crate::remote::trust::{self, SecretKey, Statement};

/// Whether the store shows an object (written at `at`, if it has it) as written after this
/// machine last signed there (`since`), so that it must be read to be trusted.
pub(super) fn written_since(at: Option<&SystemTime>, since: Option<SystemTime>) -> bool {
    at.is_some_and(|at| since.is_none_or(|s| *at > s))
}

/// The objects among `names` whose bytes fail `intact` (or cannot be read), each read once,
/// `CONCURRENCY` at a time: what a writer may have put under an honest name.
pub(super) fn not_as_named(
    remote: &Remote,
    names: HashSet<String>,
    intact: impl Fn(&str, &[u8]) -> bool + Copy,
) -> HashSet<String> {
    use futures_util::StreamExt;
    remote.block_on(
        futures_util::stream::iter(names.into_iter().map(|name| async move {
            let good = remote
                .get(&name)
                .await
                .is_ok_and(|bytes| intact(&name, &bytes));
            (!good).then_some(name)
        }))
        .buffer_unordered(crate::remote::store::CONCURRENCY)
        .filter_map(|bad| async move { bad })
        .collect(),
    )
}

/// Writes the manifests (compressed as the remote's objects are); returns the ids that failed.
pub(super) fn put_manifests(
    remote: &Remote,
    manifests: &[Manifest],
    compression: codec::Compression,
    report: &mut PushReport,
) -> HashSet<String> {
    let uploads = manifests.iter().map(|m| {
        let upload = async move {
            let json = serde_json::to_vec_pretty(m).map_err(|e| Error::Remote {
                remote: remote.name().to_string(),
                reason: RemoteFailure::Encode(e),
            })?;
            let stored =
                codec::encode(Bytes::from(json), compression).map_err(|e| Error::Remote {
                    remote: remote.name().to_string(),
                    reason: RemoteFailure::Compress(e),
                })?;
            let size = stored.len() as u64;
            remote.put(&m.object_name(), stored).await?;
            Ok(size)
        };
        (m.id(), upload)
    });
    let before = report.traffic.bytes;
    let failed = send_all(remote, uploads, report);
    report.stored_bytes += report.traffic.bytes - before;
    failed
}

/// Signs every manifest the push wrote or found (each id computed on this machine), unless
/// this key already signed it: separate immutable objects, so other keys' signatures stay.
pub(super) fn sign_all(
    remote: &Remote,
    key: &SecretKey,
    options: &PushOptions<'_>,
    machine: &mut Records,
    report: &mut PushReport,
) -> Result<()> {
    let existing: HashMap<String, SystemTime> = remote
        .list("signatures")?
        .into_iter()
        .map(|o| (o.name, o.modified))
        .collect();
    let started = SystemTime::now();
    let pushed_at = humantime::format_rfc3339_seconds(started).to_string();
    let since = machine.signed_at(&remote.spec.url);
    // Named before they are signed: a manifest this key already signed costs no signature. A
    // signature the store shows as written since this machine last signed is read first: an
    // object a writer put there (junk, or another key's) is signed over, not taken as done,
    // else one write would keep every later push from signing the entry again.
    let public = key.public();
    let signed = report
        .entries
        .iter()
        .filter(|e| e.outcome != PushOutcome::Failed);
    let suspect: HashSet<String> = signed
        .clone()
        .map(|e| trust::signature_name(&e.id, &public))
        .filter(|name| written_since(existing.get(name), since))
        .collect();
    let junk = not_as_named(remote, suspect, |name, bytes| signs(name, bytes, &public));
    let mut records = Vec::new();
    for entry in signed {
        let name = trust::signature_name(&entry.id, &public);
        if existing.contains_key(&name) && !junk.contains(&name) {
            continue;
        }
        let record = key.sign(Statement {
            manifest: entry.id.clone(),
            pushed_by: options.pushed_by.clone(),
            pushed_at: pushed_at.clone(),
            git_ref: options.git_ref.clone(),
        });
        records.push((name, record));
    }
    let uploads = records.iter().map(|(name, record)| {
        let upload = async move {
            let json = serde_json::to_vec_pretty(record).map_err(|e| Error::Remote {
                remote: remote.name().to_string(),
                reason: RemoteFailure::Encode(e),
            })?;
            let size = json.len() as u64;
            remote.put(name, Bytes::from(json)).await?;
            Ok(size)
        };
        (name.clone(), upload)
    });
    let failed = send_all(remote, uploads, report);
    report.signed = records.len().saturating_sub(failed.len()) as u64;
    // Only a push of everything the policy selects vouches for every signature of its key
    // written before it; one of some packages leaves the others to be checked next time.
    if failed.is_empty() && options.packages.is_empty() {
        machine.set_signed_at(&remote.spec.url, SystemTime::now());
    }
    Ok(())
}

/// Whether `bytes` are a signature by `key` that verifies and sits at `name`: the name its
/// manifest id and key give it, so it signs the manifest the name says.
pub(super) fn signs(name: &str, bytes: &[u8], key: &trust::PublicKey) -> bool {
    serde_json::from_slice::<trust::SignatureRecord>(bytes).is_ok_and(|record| {
        record.object_name().is_ok_and(|n| n == name)
            && record.verified_key().is_ok_and(|k| &k == key)
    })
}

/// Runs the uploads, adding what they sent to the report's traffic and their errors to its
/// errors; returns the keys of those that failed.
pub(super) fn send_all(
    remote: &Remote,
    uploads: impl Iterator<Item = (String, impl std::future::Future<Output = Result<u64>>)>,
    report: &mut PushReport,
) -> HashSet<String> {
    let failed = remote.run_all(uploads, &mut report.traffic);
    failed
        .into_iter()
        .map(|(key, e)| {
            report.errors.push(e.to_string());
            key
        })
        .collect()
}
