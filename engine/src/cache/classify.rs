//! What a cache path is, read from the path alone (docs/design.md#cache-payloads-are-opaque):
//! its bucket, kind, source, package, version and shard digest, as the target release's layout
//! names them.

use crate::cache::entry::{EntryKind, Source};
use crate::cache::layout::{self, Bucket, EntryNames, RootClass};
use crate::cache::names;

/// What the walk saw of an entry beside its path.
pub(crate) struct Seen<'a> {
    /// A `.rev` pointer among its files (a url shard of a local archive).
    pub has_rev: bool,
    /// Which pointer files of a grouped entry exist ([`layout::member_bit`]).
    pub members: u8,
    /// A built or linked wheel's file name in it, which names the package where the path does
    /// not (url, path, editable and git sources).
    pub wheel_hint: Option<&'a str>,
}

/// An entry as its path says it is.
#[derive(Debug)]
pub(crate) struct Identity {
    pub bucket: Option<Bucket>,
    pub bucket_version: Option<u32>,
    pub kind: EntryKind,
    pub source: Option<Source>,
    pub package: Option<String>,
    pub version: Option<String>,
    pub digest: Option<String>,
}

/// The entry at `key` (relative to the root), whose top-level item is of `class`.
pub(crate) fn classify(key: &str, class: RootClass, seen: &Seen<'_>) -> Identity {
    let parts: Vec<&str> = key.split('/').collect();
    let (bucket, version) = match class {
        RootClass::Bucket {
            bucket, version, ..
        } => (bucket, version),
        RootClass::Marker => return Identity::of(EntryKind::Marker),
        RootClass::Own => return Identity::of(EntryKind::StoreRecords),
        RootClass::Temp => return Identity::of(EntryKind::Temp),
        _ => return Identity::of(EntryKind::Unknown),
    };
    let first = parts.get(1).copied().unwrap_or_default();
    let mut id = Identity {
        bucket: Some(bucket),
        bucket_version: Some(version),
        source: match bucket {
            Bucket::Wheels | Bucket::Sdists => Source::from_name(first),
            _ => None,
        },
        ..Identity::default()
    };
    // How this bucket version names its entries (older uv releases differ).
    let entry_names = layout::releases().entry_names(bucket, version);
    let depth = parts.len() - 1;
    let entry_depth = layout::entry_depth(bucket, entry_names, first).map(|(d, _)| d);
    let at_entry_level = entry_depth == Some(depth);
    // A revision directory one level below an sdist shard.
    let is_revision = bucket == Bucket::Sdists && entry_depth == Some(depth - 1);
    id.kind = if layout::MARKERS.contains(&parts[depth]) && depth == 1 {
        EntryKind::Marker
    } else if !(at_entry_level || is_revision) {
        EntryKind::Unknown
    } else {
        match bucket {
            Bucket::Wheels => wheel(&mut id, &parts, entry_names, seen),
            Bucket::Sdists => sdist(&mut id, &parts, at_entry_level, seen),
            _ => other(&mut id, bucket, &parts, seen),
        }
    };
    id
}

impl Default for Identity {
    fn default() -> Identity {
        Identity::of(EntryKind::Unknown)
    }
}

impl Identity {
    fn of(kind: EntryKind) -> Identity {
        Identity {
            bucket: None,
            bucket_version: None,
            kind,
            source: None,
            package: None,
            version: None,
            digest: None,
        }
    }

    fn name_from_hint(&mut self, seen: &Seen<'_>) {
        (self.package, self.version) = seen.wheel_hint.and_then(names::wheel_name_version).unzip();
    }
}

/// A wheel entry: `pypi/<name>/<version>`, `<source>/<digest>/<name>/<version>`, or a git
/// wheel named by its built file.
fn wheel(id: &mut Identity, parts: &[&str], entry_names: EntryNames, seen: &Seen<'_>) -> EntryKind {
    let name_key = match id.source {
        Some(Source::Pypi) => Some((parts[2], parts[3])),
        Some(Source::Git) => None,
        _ => Some((parts[3], parts[4])),
    };
    if id.source != Some(Source::Pypi) {
        id.digest = Some(parts[2].to_string());
    }
    match name_key {
        Some((name, wheel_key)) => {
            id.package = Some(name.to_string());
            id.version = match entry_names {
                // `six-1.16.0-py2.py3-none-any`: the wheel file's stem (uv < 0.6.4).
                EntryNames::WheelStem => names::wheel_name_version(wheel_key).map(|(_, v)| v),
                _ => wheel_key.split('-').next().map(str::to_string),
            };
        }
        None => id.name_from_hint(seen),
    }
    match id.source {
        Some(Source::Pypi) => EntryKind::RegistryWheel,
        Some(Source::Index) => EntryKind::IndexWheel,
        Some(Source::Url) if seen.has_rev => EntryKind::PathWheel,
        Some(Source::Url) => EntryKind::UrlWheel,
        Some(Source::Path) => EntryKind::PathWheel,
        Some(Source::Editable) => EntryKind::EditableWheel,
        Some(Source::Git) => EntryKind::GitWheel,
        None => EntryKind::Unknown,
    }
}

/// An sdist entry or one of its revisions; named by path for registries and indexes, else by
/// the wheel built from it.
fn sdist(id: &mut Identity, parts: &[&str], at_entry_level: bool, seen: &Seen<'_>) -> EntryKind {
    match id.source {
        Some(Source::Pypi) => {
            id.package = Some(parts[2].to_string());
            id.version = Some(parts[3].to_string());
        }
        Some(Source::Index) => {
            id.digest = Some(parts[2].to_string());
            id.package = Some(parts[3].to_string());
            id.version = Some(parts[4].to_string());
        }
        _ => {
            id.digest = Some(parts[2].to_string());
            id.name_from_hint(seen);
        }
    }
    if !at_entry_level {
        EntryKind::SdistRevision
    } else if seen.wheel_hint.is_some() {
        EntryKind::BuiltWheel
    } else {
        EntryKind::Sdist
    }
}

/// Entries of every other bucket.
fn other(id: &mut Identity, bucket: Bucket, parts: &[&str], seen: &Seen<'_>) -> EntryKind {
    let first = parts.get(1).copied().unwrap_or_default();
    match bucket {
        Bucket::Simple => {
            id.package = parts
                .last()
                .map(|s| s.to_string())
                .filter(|s| s != "index.html");
            if first == "index" {
                id.digest = Some(parts[2].to_string());
            }
            EntryKind::SimplePage
        }
        Bucket::FlatIndex => {
            id.digest = parts.last().map(|s| s.to_string());
            EntryKind::FlatIndexPage
        }
        Bucket::Git => {
            id.digest = Some(parts[2].to_string());
            match first {
                "db" => EntryKind::GitDb,
                "checkouts" => EntryKind::GitCheckout,
                _ => EntryKind::Lock,
            }
        }
        Bucket::Interpreter => EntryKind::InterpreterInfo,
        Bucket::Archive => EntryKind::Archive,
        Bucket::Builds => EntryKind::Temp,
        Bucket::Environments => EntryKind::Environment,
        Bucket::Python => EntryKind::Python,
        Bucket::Binaries => {
            id.package = Some(parts[1].to_string());
            id.version = parts.get(2).map(|s| s.to_string());
            EntryKind::Binary
        }
        Bucket::Osv => EntryKind::Vulnerability,
        Bucket::Files => EntryKind::FilesBlob,
        // A lock whose fetch failed or is under way: nothing else of the entry exists.
        Bucket::Http if seen.members == layout::suffix_bit(".lock") => {
            id.digest = Some(first.to_string());
            EntryKind::Lock
        }
        Bucket::Http => {
            id.digest = Some(first.to_string());
            (id.package, id.version) = parts
                .get(2)
                .and_then(|file| names::distribution_name_version(file))
                .unzip();
            EntryKind::HttpFile
        }
        Bucket::Wheels | Bucket::Sdists => EntryKind::Unknown,
    }
}
