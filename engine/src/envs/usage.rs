//! Which cache entries each environment uses.
//!
//! An entry is used by an environment when the environment has the entry's package and version
//! installed from the same kind of source (a registry, a URL, git, a path, an editable; a dist
//! with `uv_build.json` only from a wheel uv built). Where uv linked the environment by
//! hardlink, that is proven: the installed `METADATA` is the very inode of the `METADATA` in
//! the entry's archive (`hardlink` evidence), and such a distribution is then used through that
//! entry only. Otherwise (copy or clone mode, another file system, an archive since replaced)
//! the match by name, version and source is reported as `version` evidence.
//!
//! A wheel pointer with no archive holds only the wheel's metadata (uv fetched it to resolve,
//! e.g. from another platform's wheel): uv's resolver reads it for that version even when it
//! installs a wheel it built, so `uv pip install --offline` of an installed package needs it.
//! Such an entry is used by every environment with that package and version from the same
//! kind of source, whatever built or linked it.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::cache::entry::{Entry, EntryKind, Evidence, Source, Use};
use crate::envs::{DistOrigin, FileId, Venv};

/// What one environment takes from the cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Entries it uses, by any evidence.
    pub entries: usize,
    /// Of those, entries it holds hardlinks into.
    pub hardlinked: usize,
    /// Allocated bytes of the hardlinked entries: what stays on disk with the environment
    /// when they are removed from the cache.
    pub shared: u64,
    /// What limits the evidence (another file system than the cache).
    pub problems: Vec<String>,
}

/// `(environment, distribution)` indices.
type DistRef = (usize, usize);

/// Fills `used_by` of every entry from `venvs`, and returns one summary per environment.
pub fn annotate(root: &Path, entries: &mut [Entry], venvs: &[Venv]) -> Vec<Summary> {
    let paths: Vec<Arc<str>> = venvs
        .iter()
        .map(|v| Arc::from(v.path.display().to_string()))
        .collect();
    let mut by_name: HashMap<(&str, String), Vec<DistRef>> = HashMap::new();
    let mut by_inode: HashMap<(u64, u64), Vec<DistRef>> = HashMap::new();
    for (v, venv) in venvs.iter().enumerate() {
        for (d, dist) in venv.dists.iter().enumerate() {
            by_name
                .entry((dist.name.as_str(), version_key(&dist.version)))
                .or_default()
                .push((v, d));
            if let Some(id) = dist.metadata.filter(|id| id.nlink > 1) {
                by_inode.entry((id.dev, id.ino)).or_default().push((v, d));
            }
        }
    }
    // First pass: hardlink proofs, and the name-and-version candidates of each entry.
    let mut archive_ids: HashMap<String, Vec<(u64, u64)>> = HashMap::new();
    let mut proven: HashSet<DistRef> = HashSet::new();
    type Found = (Option<(DistOrigin, bool)>, Vec<DistRef>, Vec<DistRef>);
    let mut found: Vec<Found> = Vec::with_capacity(entries.len());
    for entry in entries.iter() {
        let origin = entry_origin(entry);
        // No environment has any distribution: no version to parse for 50k entries.
        let candidates = match (&origin, &entry.package, &entry.version) {
            (Some(_), Some(package), Some(version)) if !by_name.is_empty() => by_name
                .get(&(package.as_str(), version_key(version)))
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let archives: Vec<&str> = match entry.kind {
            EntryKind::Archive => vec![entry.path.as_str()],
            _ if origin.is_some() && !candidates.is_empty() => {
                entry.references.iter().map(String::as_str).collect()
            }
            _ => Vec::new(),
        };
        let mut linked = Vec::new();
        if !by_inode.is_empty() {
            for archive in archives {
                let ids = archive_ids
                    .entry(archive.to_string())
                    .or_insert_with(|| metadata_ids(&root.join(archive)));
                for id in ids.iter() {
                    linked.extend(by_inode.get(id).into_iter().flatten().copied());
                }
            }
        }
        for dist in &linked {
            proven.insert(*dist);
        }
        found.push((origin, linked, candidates));
    }
    // Second pass: the uses, hardlinks first, then matches no hardlink explains.
    let mut summaries = vec![Summary::default(); venvs.len()];
    for (entry, (origin, linked, candidates)) in entries.iter_mut().zip(found) {
        let mut uses = entry_uses(entry, origin, &linked, candidates, venvs, &proven);
        uses.sort();
        uses.dedup_by_key(|(v, _)| *v);
        // Proven uses first, then by path.
        uses.sort_by(|x, y| (x.1, &paths[x.0]).cmp(&(y.1, &paths[y.0])));
        for (v, evidence) in &uses {
            summaries[*v].entries += 1;
            if *evidence == Evidence::Hardlink {
                summaries[*v].hardlinked += 1;
                summaries[*v].shared += entry.disk;
            }
        }
        entry.used_by = Some(
            uses.into_iter()
                .map(|(v, evidence)| Use {
                    environment: paths[v].clone(),
                    evidence,
                })
                .collect(),
        );
    }
    note_other_filesystems(root, venvs, &mut summaries);
    summaries
}

/// The environments that use `entry`: those its archives are hardlinked into, then those whose
/// distribution of its name and version (`candidates`) no hardlink explains and that could
/// have come from it.
fn entry_uses(
    entry: &Entry,
    origin: Option<(DistOrigin, bool)>,
    linked: &[DistRef],
    candidates: Vec<DistRef>,
    venvs: &[Venv],
    proven: &HashSet<DistRef>,
) -> Vec<(usize, Evidence)> {
    let mut uses: Vec<(usize, Evidence)> = linked
        .iter()
        .map(|(v, _)| (*v, Evidence::Hardlink))
        .collect();
    let Some((origin, built)) = origin else {
        return uses;
    };
    let metadata_only = entry.references.is_empty();
    for (v, d) in candidates {
        let dist = &venvs[v].dists[d];
        let compatible = (dist.origin == origin
            || dist.origin == DistOrigin::Unknown
            || origin == DistOrigin::Unknown)
            && (built || !dist.built || metadata_only);
        if compatible && (metadata_only || !proven.contains(&(v, d))) {
            uses.push((v, Evidence::Version));
        }
    }
    uses
}

/// Environments on another file system than the cache have copies, not links: only version
/// evidence can show their uses.
fn note_other_filesystems(root: &Path, venvs: &[Venv], summaries: &mut [Summary]) {
    let cache_device = std::fs::metadata(root)
        .ok()
        .and_then(|m| FileId::of(&m))
        .map(|id| id.dev);
    for (venv, summary) in venvs.iter().zip(summaries) {
        if let (Some(a), Some(b)) = (venv.device, cache_device)
            && a != b
        {
            summary
                .problems
                .push("lives on another file system than the cache: copies, not links (only version evidence)".into());
        }
    }
}

/// The kind of source an entry's wheel came from, and whether uv built it; `None` for entries
/// that are not installable distributions.
fn entry_origin(entry: &Entry) -> Option<(DistOrigin, bool)> {
    let from_source = |source: Option<Source>| match source {
        Some(Source::Pypi | Source::Index) => DistOrigin::Registry,
        Some(Source::Url) => DistOrigin::Url,
        Some(Source::Path) => DistOrigin::Path,
        Some(Source::Editable) => DistOrigin::Editable,
        Some(Source::Git) => DistOrigin::Git,
        None => DistOrigin::Unknown,
    };
    Some(match entry.kind {
        EntryKind::RegistryWheel | EntryKind::IndexWheel => (DistOrigin::Registry, false),
        EntryKind::UrlWheel => (DistOrigin::Url, false),
        EntryKind::PathWheel => (DistOrigin::Path, false),
        EntryKind::EditableWheel => (DistOrigin::Editable, false),
        EntryKind::GitWheel => (DistOrigin::Git, false),
        EntryKind::BuiltWheel => (from_source(entry.source), true),
        _ => return None,
    })
}

/// A version compared as PEP 440 normalizes it (`1.0.POST1` is `1.0.post1`), else as written.
fn version_key(version: &str) -> String {
    version
        .parse::<pep440_rs::Version>()
        .map_or_else(|_| version.to_string(), |v| v.to_string())
}

/// The `(device, inode)` of each `*.dist-info/METADATA` at the top of an unpacked archive.
/// A link in the archive's place is not followed (it could leave the cache).
fn metadata_ids(archive: &Path) -> Vec<(u64, u64)> {
    if !std::fs::symlink_metadata(archive).is_ok_and(|m| m.is_dir()) {
        return Vec::new();
    }
    let Ok(children) = std::fs::read_dir(archive) else {
        return Vec::new();
    };
    children
        .flatten()
        .filter(|c| c.file_name().to_string_lossy().ends_with(".dist-info"))
        .filter_map(|c| std::fs::symlink_metadata(c.path().join("METADATA")).ok())
        .filter_map(|m| FileId::of(&m))
        .map(|id| (id.dev, id.ino))
        .collect()
}
