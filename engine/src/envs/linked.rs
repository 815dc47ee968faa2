//! The environments uvcache finds, and the cache's index: no stamp in the cache shows a link
//! count, so when an environment hard-links files of an archive (an install) or stops linking
//! them (removed), the index's `shared` bytes would stay as they were. Beside the index
//! (`<device>-<inode>.envs`) is kept what the environments looked like (a fingerprint of every
//! distribution's `METADATA` identity and link count) and which archives they hard-link; when
//! the environments found change, the archives they link to, then and now, are read again.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::entry::{Entry, EntryKind, Evidence};
use crate::cache::index::reader::{Answered, Reader};
use crate::cache::inventory::Inventory;
use crate::config::Config;
use crate::envs::{Discovery, Summary, Venv, annotate, scan};
use crate::error::Result;

/// What the environments looked like when the index last saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    fingerprint: String,
    /// The archives they hard-link (`archive-v0/<id>`).
    archives: Vec<String>,
}

/// [`scan`] for an inventory answered from `reader`'s index: when the environments found have
/// changed since the index last saw them, the archives they hard-link (then and now) are read
/// again first, so that `shared` is what a walk would say. Warnings join the answer's.
pub fn scan_indexed(
    reader: &Reader<'_>,
    config: &Config,
    mut answered: Answered<Inventory>,
) -> Result<(Answered<Inventory>, Discovery, Vec<Summary>)> {
    let (discovery, summaries) = scan(config, &mut answered.value);
    let Some(file) = reader
        .dir
        .and_then(|dir| crate::cache::index::file_of(dir, reader.root))
        .map(|f| f.with_extension("envs"))
    else {
        return Ok((answered, discovery, summaries));
    };
    let fingerprint = fingerprint(&discovery.venvs);
    let before = read(&file);
    if before
        .as_ref()
        .is_some_and(|r| r.fingerprint == fingerprint)
    {
        return Ok((answered, discovery, summaries));
    }
    let mut archives = hardlinked(&answered.value.entries);
    archives.extend(before.map(|r| r.archives).unwrap_or_default());
    let archives: Vec<String> = archives.into_iter().collect();
    let Some(mut again) = reader.answer_reading(&archives)? else {
        return Ok((answered, discovery, summaries));
    };
    // The same environments, matched with the entries read again (only their sums moved).
    let summaries = annotate(
        &again.value.root,
        &mut again.value.entries,
        &discovery.venvs,
    );
    let record = Record {
        fingerprint,
        archives: hardlinked(&again.value.entries).into_iter().collect(),
    };
    if let Err(e) = write(&file, &record) {
        again.warnings.push(format!(
            "{}: the environments were not recorded: {e}",
            file.display()
        ));
    }
    again.warnings.splice(0..0, answered.warnings);
    Ok((again, discovery, summaries))
}

/// Every distribution's `METADATA` identity and link count, environment by environment.
fn fingerprint(venvs: &[Venv]) -> String {
    let mut lines: Vec<String> = venvs
        .iter()
        .flat_map(|venv| {
            venv.dists.iter().map(move |dist| {
                let id = dist
                    .metadata
                    .map(|m| format!("{} {} {}", m.dev, m.ino, m.nlink))
                    .unwrap_or_default();
                format!(
                    "{}\0{}\0{}\0{id}",
                    venv.path.display(),
                    dist.name,
                    dist.version
                )
            })
        })
        .collect();
    lines.sort();
    format!("{:x}", Sha256::digest(lines.join("\n").as_bytes()))
}

/// The archives entries are hard-linked from (their references, or the archive itself).
fn hardlinked(entries: &[Entry]) -> BTreeSet<String> {
    entries
        .iter()
        .filter(|e| {
            e.used_by
                .as_ref()
                .is_some_and(|uses| uses.iter().any(|u| u.evidence == Evidence::Hardlink))
        })
        .flat_map(|e| match e.kind {
            EntryKind::Archive => vec![e.path.clone()],
            _ => e.references.clone(),
        })
        .collect()
}

fn read(file: &Path) -> Option<Record> {
    serde_json::from_slice(&std::fs::read(file).ok()?).ok()
}

fn write(file: &Path, record: &Record) -> Result<()> {
    let bytes = serde_json::to_vec(record).map_err(|e| crate::error::Error::io(file, e.into()))?;
    crate::cache::atomic::write_derived(file, &mut |out| out.write_all(&bytes))
}
