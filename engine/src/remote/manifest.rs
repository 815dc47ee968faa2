//! An entry as a remote holds it: its files with sizes and hashes, the links to the archives it
//! holds, what uv release and bucket version wrote it, the platform and the machine that built
//! it, and who pushed it when.
//!
//! A manifest read from a remote is checked before anything is written from it
//! ([`Manifest::check`]): every path stays inside the entry or one of its archives, every link
//! points at one of its archives, and every hash is a hash. A store cannot be trusted to keep
//! objects as written; the hashes are checked again on every file pulled.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cache::entry::Status;
use crate::cache::layout::{self, Bucket, BucketSet};
use crate::error::{Error, Result};
use crate::platform::builder::Builder;

/// The manifest format this build writes and reads.
pub const FORMAT: u32 = 1;

/// One file, link or pointer of an entry or of an archive it links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Modification time in nanoseconds since 1970, restored by a pull (as tar and rsync do)
    /// so that the pulling cache's [`fingerprint`] equals the pusher's. Not part of the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<u64>,
}

/// One entry on a remote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// `user@host` of the push.
    pub pushed_by: String,
    /// When, RFC 3339.
    pub pushed_at: String,
}

impl Manifest {
    /// The manifest's name on a remote: the hash of its content without `pushed_by` and
    /// `pushed_at`, so that pushes of identical content land on one name.
    pub fn id(&self) -> String {
        let mut content = self.clone();
        content.pushed_by.clear();
        content.pushed_at.clear();
        for file in &mut content.files {
            file.modified = None;
        }
        let json = serde_json::to_vec(&content).unwrap_or_default();
        crate::store::hex(&Sha256::digest(&json))
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
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "format {} (this uvcache reads {FORMAT})",
                self.format
            ));
        }
        let Some((bucket, version)) = self
            .entry
            .split('/')
            .next()
            .and_then(layout::parse_bucket_name)
        else {
            return Err(format!("`{}` is not in a bucket", self.entry));
        };
        if !matches!(bucket, Bucket::Wheels | Bucket::Sdists)
            || bucket.prefix() != self.bucket
            || version != self.bucket_version
        {
            return Err(format!(
                "`{}` does not match bucket {}-v{}",
                self.entry, self.bucket, self.bucket_version
            ));
        }
        safe_relative(&self.entry)?;
        for archive in &self.archives {
            archive_id(archive).ok_or_else(|| format!("`{archive}` is not an archive"))?;
        }
        let mut size = 0u64;
        for file in &self.files {
            safe_relative(&file.path)?;
            let inside_entry = file.path == self.entry
                || file.path.starts_with(&format!("{}/", self.entry))
                || is_member(&self.entry, &file.path);
            let inside_archive = self
                .archives
                .iter()
                .any(|a| file.path.starts_with(&format!("{a}/")));
            if !inside_entry && !inside_archive {
                return Err(format!(
                    "`{}` is outside the entry and its archives",
                    file.path
                ));
            }
            match (&file.link, &file.sha256) {
                (Some(link), None) if self.archives.contains(link) => {}
                (Some(link), _) => return Err(format!("link to `{link}`: not an archive of it")),
                (None, Some(hash))
                    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {}
                (None, _) => return Err(format!("`{}` has no valid sha256", file.path)),
            }
            size += file.size;
        }
        if size != self.size {
            return Err(format!("sizes add up to {size}, not {}", self.size));
        }
        Ok(())
    }
}

/// What identifies an entry's files without reading them: their paths, sizes, modification
/// times, modes and links (as rsync's quick check), and the builder's facts. A push that finds
/// an entry's fingerprint on the remote skips hashing it: that exact state was pushed before,
/// from a machine like this one, by this cache or by the one it was pulled from (pulls restore
/// modification times).
pub fn fingerprint(entry: &str, builder: &Builder, files: &[FileRecord]) -> String {
    let mut hasher = Sha256::new();
    let builder = serde_json::to_string(builder).unwrap_or_default();
    hasher.update(format!("uvcache-fingerprint-{FORMAT}\0{entry}\0{builder}\0").as_bytes());
    for f in files {
        hasher.update(
            format!(
                "{}\0{}\0{}\0{}\0{}\0",
                f.path,
                f.size,
                f.modified.unwrap_or(0),
                f.executable,
                f.link.as_deref().unwrap_or("")
            )
            .as_bytes(),
        );
    }
    crate::store::hex(&hasher.finalize())
}

/// The object name that records a fingerprint and the manifest it stands for (empty body).
pub fn fingerprint_name(fingerprint: &str, id: &str) -> String {
    format!("fingerprints/{fingerprint}.{id}")
}

/// The fingerprint and manifest id of a fingerprint object's name.
pub fn parse_fingerprint_name(name: &str) -> Option<(&str, &str)> {
    name.strip_prefix("fingerprints/")?.split_once('.')
}

/// Whether `path` is one of the pointer files beside the entry stem `entry`
/// (`1.17.0-py2.py3-none-any.http` beside `1.17.0-py2.py3-none-any`).
fn is_member(entry: &str, path: &str) -> bool {
    path.strip_prefix(entry)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|ext| !ext.contains('/'))
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
fn safe_relative(path: &str) -> std::result::Result<(), String> {
    let ok = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..");
    if ok {
        Ok(())
    } else {
        Err(format!("unsafe path `{path}`"))
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

/// The most a manifest may expand to: a wheel of a million files lists about 200 MB, far past
/// any real one; a compressed object that expands beyond it is refused.
const MAX_MANIFEST: u64 = 256 << 20;

/// Parses a manifest read from `object`, compressed or not ([`codec`](crate::remote::codec)).
pub fn parse(object: &str, bytes: &[u8]) -> Result<Manifest> {
    let refused = |message: String| Error::Integrity {
        object: object.to_string(),
        entry: "?".into(),
        message,
    };
    let json = crate::remote::codec::decode_all(bytes, MAX_MANIFEST)
        .map_err(|e| refused(format!("not a manifest: {e}")))?;
    serde_json::from_slice(&json).map_err(|e| refused(format!("not a manifest: {e}")))
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
                    modified: Some(1),
                },
                FileRecord {
                    path: "sdists-v11/pypi/tomli/2.5.0/r/tomli-2.5.0-py3-none-any".into(),
                    size: 0,
                    sha256: None,
                    executable: false,
                    link: Some("archive-v0/AbC-_1".into()),
                    modified: None,
                },
            ],
            size: 3,
            pushed_by: "a@b".into(),
            pushed_at: "2026-11-28T00:00:00Z".into(),
        }
    }

    #[test]
    fn the_id_ignores_who_pushed_and_when_but_not_content() {
        let a = sample();
        let mut b = sample();
        let builder = Builder::here(&a.tags);
        b.pushed_by = "c@d".into();
        b.pushed_at = "2027-01-01T00:00:00Z".into();
        b.files[0].modified = Some(2);
        assert_eq!(a.id(), b.id());
        assert_ne!(
            fingerprint(&a.entry, &builder, &a.files),
            fingerprint(&b.entry, &builder, &b.files),
            "a fingerprint sees modification times"
        );
        b.files[0].sha256 = Some("b".repeat(64));
        assert_ne!(a.id(), b.id());
        assert!(a.check().is_ok());
    }

    #[test]
    fn a_manifest_that_would_write_outside_its_entry_is_refused() {
        type Change = fn(&mut Manifest);
        let cases: [(&str, Change); 6] = [
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
