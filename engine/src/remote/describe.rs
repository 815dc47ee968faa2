//! What a push sends of an entry, listed without reading a file: its files and the links to
//! its archives (and their files), each with its stamp ([`pushed::stamp`]), the entry's state,
//! its wheel tags and the machine that built it. Hashing comes later, and only for states this
//! machine has not hashed before.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use crate::cache::entry::Entry;
use crate::cache::layout;
use crate::cache::links::{LinkTarget, resolve_link};
use crate::error::{EntryRefused, Error, Result};
use crate::platform::builder::Builder;
use crate::remote::manifest::{self, FORMAT, FileRecord, Manifest};
use crate::remote::platform;
use crate::remote::pushed::{self, Stamp};

/// An entry about to be pushed: its files (hashed unless this machine knows their state),
/// archives, state, tags and builder.
pub(super) struct Described<'e> {
    pub entry: &'e Entry,
    pub files: Vec<FileRecord>,
    archives: Vec<String>,
    pub state: String,
    tags: Vec<String>,
    builder: Builder,
}

impl<'e> Described<'e> {
    fn of(
        root: &Path,
        entry: &'e Entry,
        excluded: &HashSet<&str>,
        uv_release: &str,
    ) -> Result<Described<'e>> {
        let (files, stamps, archives) = describe(root, entry, excluded)?;
        let tags = tags(&entry.path, &files);
        let builder = Builder::here(&tags);
        // Whatever else goes into the manifest is part of the state: the same files read as
        // another uv release make another manifest.
        let context = format!(
            "{}\0{uv_release}\0{}",
            entry.path,
            serde_json::to_string(&builder).unwrap_or_default()
        );
        let state = pushed::state(
            &context,
            files
                .iter()
                .zip(&stamps)
                .map(|(f, s)| (f.path.as_str(), f.link.as_deref(), s)),
        );
        Ok(Described {
            entry,
            files,
            archives,
            state,
            tags,
            builder,
        })
    }

    pub fn manifest(self, uv_release: &str) -> Manifest {
        let entry = self.entry;
        Manifest {
            format: FORMAT,
            entry: entry.path.clone(),
            bucket: entry
                .bucket
                .map(|b| b.prefix().to_string())
                .unwrap_or_default(),
            bucket_version: entry.bucket_version.unwrap_or_default(),
            uv_release: uv_release.to_string(),
            kind: entry.kind.name().to_string(),
            source: entry.source.map(|s| s.name().to_string()),
            package: entry.package.clone(),
            version: entry.version.clone(),
            platform: platform(),
            tags: self.tags,
            builder: Some(self.builder),
            archives: self.archives,
            size: self.files.iter().map(|f| f.size).sum(),
            files: self.files,
        }
    }
}

/// [`Described::of`] every entry, in order, on as many threads as there are cores (each takes
/// the next entry): a second push of unchanged entries is mostly these stats and reads of
/// directories.
pub(super) fn describe_all<'e>(
    root: &Path,
    entries: &[&'e Entry],
    excluded: &HashSet<&str>,
    uv_release: &str,
) -> Vec<Result<Described<'e>>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<Described<'e>>>> = entries.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(entries.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(entry) = entries.get(i) else { break };
                        done.push((i, Described::of(root, entry, excluded, uv_release)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            for (i, described) in worker.join().unwrap_or_default() {
                slots[i] = Some(described);
            }
        }
    });
    // An entry whose thread panicked is reported, not dropped.
    slots
        .into_iter()
        .map(|slot| slot.unwrap_or(Err(Error::Interrupted)))
        .collect()
}

/// The files of an entry and of the archives it links to (not yet hashed), sorted by path,
/// with their stamps; and those archives.
fn describe(
    root: &Path,
    entry: &Entry,
    excluded: &HashSet<&str>,
) -> Result<(Vec<FileRecord>, Vec<Stamp>, Vec<String>)> {
    let mut files = Vec::new();
    let mut archives = BTreeSet::new();
    for member in layout::member_paths(&entry.path, entry.members) {
        collect(root, &member, excluded, &mut files, &mut archives)?;
    }
    for archive in archives.clone() {
        let mut inner = BTreeSet::new();
        collect(root, &archive, &HashSet::new(), &mut files, &mut inner)?;
        if !inner.is_empty() {
            return Err(Error::StoreEntry {
                entry: root.join(&archive),
                reason: EntryRefused::ArchiveOfArchives,
            });
        }
    }
    files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (files, stamps) = files.into_iter().unzip();
    Ok((files, stamps, archives.into_iter().collect()))
}

/// Records `rel` (a file, a link into the archive bucket, or a directory, recursively).
fn collect(
    root: &Path,
    rel: &str,
    excluded: &HashSet<&str>,
    files: &mut Vec<(FileRecord, Stamp)>,
    archives: &mut BTreeSet<String>,
) -> Result<()> {
    let path = root.join(rel);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    // Links into the archive bucket go even where the base pass would remove them: uv uses an
    // unzipped built wheel as it is, while for a bare `.whl` it first revalidates the sdist
    // over HTTP and rebuilds when the index answers "modified" (seen with uv 0.13.9's own
    // `prune --ci`).
    let link = meta.file_type().is_symlink();
    if !link && layout::path_and_ancestors(rel).any(|p| excluded.contains(p)) {
        return Ok(());
    }
    if link {
        let target = std::fs::read_link(&path).map_err(|e| Error::io(&path, e))?;
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        return match resolve_link(root, dir, &target.to_string_lossy()) {
            LinkTarget::Archive(archive) => {
                let record = FileRecord {
                    path: rel.to_string(),
                    size: 0,
                    sha256: None,
                    executable: false,
                    link: Some(archive.clone()),
                };
                files.push((record, pushed::stamp(&meta)));
                archives.insert(archive);
                Ok(())
            }
            _ => Err(Error::OutsideRoot(path)),
        };
    }
    if meta.is_dir() {
        let mut children: Vec<String> = std::fs::read_dir(&path)
            .map_err(|e| Error::io(&path, e))?
            .map(|c| c.map(|c| c.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<_>>()
            .map_err(|e| Error::io(&path, e))?;
        children.sort();
        for child in children {
            collect(root, &format!("{rel}/{child}"), excluded, files, archives)?;
        }
        return Ok(());
    }
    let executable = cfg!(unix) && crate::os::perm::is_executable(&meta);
    // Hashed later, only if this machine does not know this state of the entry.
    let record = FileRecord {
        path: rel.to_string(),
        size: meta.len(),
        sha256: None,
        executable,
        link: None,
    };
    files.push((record, pushed::stamp(&meta)));
    Ok(())
}

/// The wheel tags of an entry: of its stem (wheels bucket) or of its `.whl` files and links.
fn tags(entry: &str, files: &[FileRecord]) -> Vec<String> {
    let mut tags: BTreeSet<String> = BTreeSet::new();
    let name = entry.rsplit('/').next().unwrap_or(entry);
    if let Some(t) = manifest::wheel_tags(name) {
        tags.insert(t);
    }
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        if (name.ends_with(".whl") || file.link.is_some())
            && let Some(t) = manifest::wheel_tags(name)
        {
            tags.insert(t);
        }
    }
    tags.into_iter().collect()
}
