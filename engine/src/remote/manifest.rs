//! An entry as a remote holds it: its files with sizes and hashes, the links to the archives it
//! holds, what uv release and bucket version wrote it, the platform and the machine that built
//! it, and who pushed it when.
//!
//! A manifest is content only: nothing in it is a claim about who pushed it or when (those are
//! in its signatures, [`crate::remote::trust`]), and its id is the hash of all of it, so no
//! byte of a manifest can change without changing its name. Format 1 left the pusher, the time
//! and the files' modification times out of the id; a writer without a key could change them
//! under a signed name, so this build reads format 2 only.
//!
//! A manifest read from a remote is checked before anything is written from it
//! ([`Manifest::check`]): its entry is one entry of a kind uvcache pushes, in the shape the layout
//! gives that kind (never a whole bucket or shard, never a lone file), every path stays inside
//! the entry or one of its archives, no path runs through another record, every link points at
//! one of its archives, and every hash is a hash. A store cannot be trusted to keep objects as
//! written; the hashes are checked again on every file pulled.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::entry::{EntryKind, Source, Status};
use crate::cache::layout::{self, Bucket, BucketSet, EntryNames};
use crate::error::{Error, ManifestInvalid, Refusal, Result};
use crate::platform::builder::Builder;

/// The manifest format this build writes and reads.
pub const FORMAT: u32 = 2;

/// One file, link or pointer of an entry or of an archive it links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// Path relative to the cache root (`sdists-v11/pypi/tomli/2.5.0/revision.http`).
    pub path: String,
    /// Bytes (0 for a link).
    pub size: u64,
    /// Lowercase hex SHA-256 of the bytes; `None` for a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Whether the file is executable (scripts in archives).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub executable: bool,
    /// For a link into the archive bucket: its target, relative to the root
    /// (`archive-v0/<id>`); written back in the form the target release writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// One entry on a remote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// The entry's path relative to the cache root (`sdists-v11/pypi/tomli/2.5.0`).
    pub entry: String,
    /// The bucket family (`sdists`).
    pub bucket: String,
    /// Its version (`11`).
    pub bucket_version: u32,
    /// The uv release the pushing cache was read as.
    pub uv_release: String,
    /// The entry's kind (`built_wheel`).
    pub kind: String,
    /// Where it came from (`pypi`).
    pub source: Option<String>,
    /// Normalized package name.
    pub package: Option<String>,
    /// Package version.
    pub version: Option<String>,
    /// The pushing machine's platform (`linux-x86_64`).
    pub platform: String,
    /// Wheel tags of the entry's wheels (`py3-none-any`).
    pub tags: Vec<String>,
    /// The machine that built it: libc, architecture, and the Python of its wheels' tags.
    /// Absent from manifests of uvcache before it recorded them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builder: Option<Builder>,
    /// The archives the entry links to (`archive-v0/<id>`), whose files are listed too.
    pub archives: Vec<String>,
    /// Every file, entry and archives, sorted by path.
    pub files: Vec<FileRecord>,
    /// Sum of the files' sizes.
    pub size: u64,
}

impl Manifest {
    /// The manifest's name on a remote: the hash of all of it, so that pushes of identical
    /// content land on one name and no byte of it changes under that name.
    pub fn id(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        crate::text::hex(&Sha256::digest(&json))
    }

    /// The object name of the manifest.
    pub fn object_name(&self) -> String {
        format!("manifests/{}.json", self.id())
    }

    /// Where the manifest's bucket stands against a release's buckets: `Live` for the same
    /// version, `Newer` for a later one, `Outdated` for an older one or a family it lacks.
    pub fn status(&self, buckets: &BucketSet) -> Status {
        match Bucket::from_prefix(&self.bucket).filter(|b| buckets.has(*b)) {
            Some(b) if buckets.version(b) == self.bucket_version => Status::Live,
            Some(b) if buckets.version(b) < self.bucket_version => Status::Newer,
            _ => Status::Outdated,
        }
    }

    /// Checks what a manifest read from a remote may make uvcache write, before it writes.
    pub fn check(&self) -> std::result::Result<(), ManifestInvalid> {
        if self.format != FORMAT {
            return Err(ManifestInvalid::Format {
                found: self.format,
                reads: FORMAT,
            });
        }
        safe_relative(&self.entry)?;
        let grouped = self.check_shape()?;
        for archive in &self.archives {
            archive_id(archive).ok_or_else(|| ManifestInvalid::NotAnArchive(archive.clone()))?;
            if !self.files.iter().any(|f| f.link.as_ref() == Some(archive)) {
                return Err(ManifestInvalid::UnusedArchive(archive.clone()));
            }
        }
        let mut size = 0u64;
        for file in &self.files {
            safe_relative(&file.path)?;
            self.check_place(file, grouped)?;
            match (&file.link, &file.sha256) {
                (Some(link), None) if self.archives.contains(link) => {}
                (Some(link), _) => return Err(ManifestInvalid::ForeignLink(link.clone())),
                (None, Some(hash))
                    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {}
                (None, _) => return Err(ManifestInvalid::NoHash(file.path.clone())),
            }
            size = size
                .checked_add(file.size)
                .ok_or(ManifestInvalid::SizeOverflow)?;
        }
        if size != self.size {
            return Err(ManifestInvalid::SizeMismatch {
                sum: size,
                said: self.size,
            });
        }
        through_another(&self.files)
    }

    /// The entry is one entry of a kind a push sends, at the depth the layout gives its
    /// bucket and source: never a bucket, a shard or a path inside an entry. Returns whether
    /// the entry's level groups names (a wheel's link beside its pointer files).
    fn check_shape(&self) -> std::result::Result<bool, ManifestInvalid> {
        let entry = || self.entry.clone();
        let parts: Vec<&str> = self.entry.split('/').collect();
        let (bucket, version) = layout::parse_bucket_name(parts[0])
            .ok_or_else(|| ManifestInvalid::NotInBucket(entry()))?;
        if bucket.prefix() != self.bucket || version != self.bucket_version {
            return Err(ManifestInvalid::WrongBucket {
                entry: entry(),
                bucket: format!("{}-v{}", self.bucket, self.bucket_version),
            });
        }
        let first = parts.get(1).copied().unwrap_or("");
        let source = Source::from_name(first);
        let kind = EntryKind::from_name(&self.kind);
        let fits = match (bucket, source, kind) {
            (Bucket::Sdists, Some(s), Some(EntryKind::BuiltWheel)) => s != Source::Editable,
            (Bucket::Wheels, Some(Source::Pypi), Some(EntryKind::RegistryWheel))
            | (Bucket::Wheels, Some(Source::Index), Some(EntryKind::IndexWheel))
            | (Bucket::Wheels, Some(Source::Url), Some(EntryKind::UrlWheel))
            | (Bucket::Wheels, Some(Source::Url | Source::Path), Some(EntryKind::PathWheel))
            | (Bucket::Wheels, Some(Source::Git), Some(EntryKind::GitWheel)) => true,
            _ => false,
        };
        if !fits || self.source.as_deref() != Some(first) {
            return Err(ManifestInvalid::WrongKind {
                entry: entry(),
                kind: self.kind.clone(),
                from: self.source.clone().unwrap_or_else(|| "none".into()),
            });
        }
        let (depth, grouped) = layout::entry_depth(bucket, EntryNames::Current, first)
            .ok_or_else(|| ManifestInvalid::UnknownLayout(entry()))?;
        if parts.len() != depth + 1 {
            return Err(ManifestInvalid::NotOneEntry {
                entry: entry(),
                kind: self.kind.clone(),
                depth,
            });
        }
        let last = parts[depth];
        if grouped && layout::entry_stem(last) != last {
            return Err(ManifestInvalid::PointerFile(entry()));
        }
        let stem = |f: &FileRecord| {
            f.path == self.entry || f.path.starts_with(&format!("{}/", self.entry))
        };
        if !self.files.iter().any(stem) {
            return Err(ManifestInvalid::NoFiles(entry()));
        }
        Ok(grouped)
    }

    /// A file lies inside the entry (for a grouped entry also the entry's own link, or one of
    /// its pointer files) or inside one of its archives.
    fn check_place(
        &self,
        file: &FileRecord,
        grouped: bool,
    ) -> std::result::Result<(), ManifestInvalid> {
        let inside_entry = file.path.starts_with(&format!("{}/", self.entry))
            || (grouped && file.path == self.entry && file.link.is_some())
            || (grouped && is_member(&self.entry, &file.path));
        let inside_archive = self
            .archives
            .iter()
            .any(|a| file.path.starts_with(&format!("{a}/")));
        if inside_entry || inside_archive {
            Ok(())
        } else {
            Err(ManifestInvalid::Outside(file.path.clone()))
        }
    }
}

/// No record's path runs through another record (a file below a link or below a file): a path
/// through a link would be written wherever the link points.
fn through_another(files: &[FileRecord]) -> std::result::Result<(), ManifestInvalid> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if paths.len() != files.len() {
        return Err(ManifestInvalid::Twice);
    }
    for file in files {
        if let Some(outer) = layout::path_and_ancestors(&file.path)
            .skip(1)
            .find(|p| paths.contains(p))
        {
            return Err(ManifestInvalid::Through {
                path: file.path.clone(),
                outer: outer.to_string(),
            });
        }
    }
    Ok(())
}

/// Whether `path` is one of the pointer files beside the entry stem `entry`
/// (`1.17.0-py2.py3-none-any.http` beside `1.17.0-py2.py3-none-any`), by uv's own suffixes.
fn is_member(entry: &str, path: &str) -> bool {
    path.strip_prefix(entry)
        .is_some_and(|suffix| layout::ENTRY_SUFFIXES.contains(&suffix))
}

/// The id of `archive-v0/<id>`.
pub fn archive_id(path: &str) -> Option<&str> {
    let id = path.strip_prefix("archive-v0/")?;
    (!id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(id)
}

/// A relative path of plain components: no root, no `.`/`..`, no empty parts.
fn safe_relative(path: &str) -> std::result::Result<(), ManifestInvalid> {
    let ok = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..");
    if ok {
        Ok(())
    } else {
        Err(ManifestInvalid::UnsafePath(path.to_string()))
    }
}

/// The wheel tags in a wheel file or directory name (`tomli-2.5.0-py3-none-any.whl`,
/// `2.5.0-py3-none-any`): its last three dash-separated parts.
pub fn wheel_tags(name: &str) -> Option<String> {
    let stem = name.strip_suffix(".whl").unwrap_or(name);
    let parts: Vec<&str> = stem.rsplitn(4, '-').collect();
    if parts.len() < 4 {
        return None;
    }
    let (platform, abi, python) = (parts[0], parts[1], parts[2]);
    let plausible = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    };
    (plausible(platform) && plausible(abi) && plausible(python))
        .then(|| format!("{python}-{abi}-{platform}"))
}

/// The most a manifest may expand to: a wheel of 100,000 files lists about 20 MB, far past any
/// real one; a compressed object that expands beyond it is refused (and costs at most this much
/// decoding).
const MAX_MANIFEST: u64 = 32 << 20;

/// The most a manifest object may weigh as stored: larger ones are not read at all.
pub const MAX_STORED: u64 = MAX_MANIFEST;

/// What reading a manifest object found wrong, and whether it is of an older format (which no
/// pull of this build takes, and `prune --remote` removes).
#[derive(Debug)]
pub struct Refused {
    /// The error to report.
    pub error: Error,
    /// Of a format older than this build's (or not a manifest at all): safe to remove.
    pub removable: bool,
}

/// Parses a manifest read from `object`, compressed or not ([`codec`](crate::remote::codec)),
/// decoding it once.
pub fn read(object: &str, bytes: &[u8]) -> std::result::Result<Manifest, Refused> {
    let refused = |reason: Refusal, removable: bool| Refused {
        error: Error::Integrity {
            object: object.to_string(),
            entry: "?".into(),
            reason: Box::new(reason),
        },
        removable,
    };
    let not_manifest = |e: &dyn std::fmt::Display| {
        let detail = e.to_string();
        refused(Refusal::NotAManifest { detail }, true)
    };
    let json =
        crate::remote::codec::decode_all(bytes, MAX_MANIFEST).map_err(|e| not_manifest(&e))?;
    // The format first, so that another format is named as such rather than as bad fields.
    #[derive(Deserialize)]
    struct Format {
        format: u32,
    }
    let format: Format = serde_json::from_slice(&json).map_err(|e| not_manifest(&e))?;
    let (found, reads) = (format.format, FORMAT);
    if found < reads {
        return Err(refused(Refusal::OlderFormat { found, reads }, true));
    }
    if found > reads {
        return Err(refused(Refusal::NewerFormat { found, reads }, false));
    }
    serde_json::from_slice(&json).map_err(|e| not_manifest(&e))
}

/// Parses a manifest read from `object`, compressed or not.
pub fn parse(object: &str, bytes: &[u8]) -> Result<Manifest> {
    read(object, bytes).map_err(|r| r.error)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A built pure-Python tomli with one archive.
    pub fn sample() -> Manifest {
        Manifest {
            format: FORMAT,
            entry: "sdists-v11/pypi/tomli/2.5.0".into(),
            bucket: "sdists".into(),
            bucket_version: 11,
            uv_release: "0.13.9".into(),
            kind: "built_wheel".into(),
            source: Some("pypi".into()),
            package: Some("tomli".into()),
            version: Some("2.5.0".into()),
            platform: "linux-x86_64".into(),
            tags: vec!["py3-none-any".into()],
            builder: None,
            archives: vec!["archive-v0/AbC-_1".into()],
            files: vec![
                FileRecord {
                    path: "archive-v0/AbC-_1/tomli/__init__.py".into(),
                    size: 3,
                    sha256: Some("a".repeat(64)),
                    executable: false,
                    link: None,
                },
                FileRecord {
                    path: "sdists-v11/pypi/tomli/2.5.0/r/tomli-2.5.0-py3-none-any".into(),
                    size: 0,
                    sha256: None,
                    executable: false,
                    link: Some("archive-v0/AbC-_1".into()),
                },
            ],
            size: 3,
        }
    }

    #[test]
    fn the_id_is_the_hash_of_every_field() {
        let a = sample();
        assert!(a.check().is_ok(), "{:?}", a.check());
        type Change = fn(&mut Manifest);
        let changes: [Change; 4] = [
            |m| m.files[0].sha256 = Some("b".repeat(64)),
            |m| m.files[0].executable = true,
            |m| m.uv_release = "0.13.8".into(),
            |m| m.tags = vec!["cp311-cp311-linux_x86_64".into()],
        ];
        for change in changes {
            let mut b = sample();
            change(&mut b);
            assert_ne!(a.id(), b.id());
        }
        // What a writer adds is refused, not ignored under the same name.
        let mut json: serde_json::Value = serde_json::to_value(&a).unwrap();
        json["pushed_at"] = "2099-01-01T00:00:00Z".into();
        assert!(parse("m", json.to_string().as_bytes()).is_err());
        json = serde_json::to_value(&a).unwrap();
        json["format"] = 1.into();
        let err = parse("m", json.to_string().as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("format 1"), "{err}");
    }

    #[test]
    fn a_manifest_that_would_write_outside_its_entry_is_refused() {
        type Change = fn(&mut Manifest);
        let cases: [(&str, Change); 12] = [
            ("parent", |m| {
                m.files[0].path = "archive-v0/AbC-_1/../../x".into()
            }),
            ("absolute", |m| m.files[0].path = "/etc/passwd".into()),
            ("other entry", |m| {
                m.files[0].path = "sdists-v11/pypi/six/x".into()
            }),
            ("link out", |m| {
                m.files[1].link = Some("../../../../tmp".into())
            }),
            ("bad hash", |m| m.files[0].sha256 = Some("zz".into())),
            ("bucket", |m| m.bucket_version = 10),
            ("whole bucket", |m| m.entry = "sdists-v11".into()),
            ("shard", |m| m.entry = "sdists-v11/pypi/tomli".into()),
            ("inside the entry", |m| {
                m.entry = "sdists-v11/pypi/tomli/2.5.0/r".into()
            }),
            ("kind", |m| m.kind = "registry_wheel".into()),
            ("through a link", |m| {
                m.files[0].path =
                    "sdists-v11/pypi/tomli/2.5.0/r/tomli-2.5.0-py3-none-any/evil.pth".into();
                m.archives.clear();
                m.files[1].link = None;
                m.files[1].sha256 = Some("c".repeat(64));
            }),
            ("lone file", |m| {
                m.entry = "wheels-v5/pypi/tomli/2.5.0-py3-none-any".into();
                m.bucket = "wheels".into();
                m.bucket_version = 5;
                m.kind = "registry_wheel".into();
                m.files.truncate(1);
                m.archives.clear();
                m.files[0].path = m.entry.clone();
            }),
        ];
        for (name, change) in cases {
            let mut m = sample();
            change(&mut m);
            assert!(m.check().is_err(), "{name} was accepted");
        }
    }

    #[test]
    fn wheel_tags_are_read_from_names() {
        assert_eq!(
            wheel_tags("tomli-2.5.0-py3-none-any.whl").as_deref(),
            Some("py3-none-any")
        );
        assert_eq!(
            wheel_tags("2.5.0-cp311-cp311-manylinux_2_17_x86_64").as_deref(),
            Some("cp311-cp311-manylinux_2_17_x86_64")
        );
        assert_eq!(wheel_tags("revision.http"), None);
    }
}
