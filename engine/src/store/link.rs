//! Materializing a stored archive or checkout into a directory, with uv's link modes and
//! fallback chain (docs/design.md#link-modes): clone → hardlink → copy, hardlink → copy, symlink → copy.
//!
//! The first file decides the mode; once a mode worked, a later failure is an error, not a
//! silent switch. Falling back from hardlink or symlink to copy warns once (the cache and the
//! destination are on different file systems). `RECORD` files are always copied, so an
//! installer rewriting them never writes through a link into the store. Existing files are
//! refused before anything is written unless `--reinstall`, which replaces each one by a rename
//! over it. The destination directory is locked (`flock` on the directory itself) while
//! linking, so two processes never fill it at once.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::cache::lock;
use crate::config::environment::Environment;
use crate::error::{EntryRefused, Error, LinkFailure, Result};
use crate::store::Store;

/// How files get into the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMode {
    /// Copy-on-write clone (reflink), falling back to hardlink, then copy.
    Clone,
    /// Hard links, falling back to copy.
    Hardlink,
    /// Plain copies.
    Copy,
    /// Absolute symlinks into the store, falling back to copy.
    Symlink,
}

impl LinkMode {
    /// Every mode, in the order of their names.
    pub const ALL: [LinkMode; 4] = [
        LinkMode::Clone,
        LinkMode::Hardlink,
        LinkMode::Copy,
        LinkMode::Symlink,
    ];

    /// Lowercase name, as uv's `--link-mode`.
    pub fn name(self) -> &'static str {
        match self {
            LinkMode::Clone => "clone",
            LinkMode::Hardlink => "hardlink",
            LinkMode::Copy => "copy",
            LinkMode::Symlink => "symlink",
        }
    }

    /// Parses a name (`reflink` is uv's alias of `clone`).
    pub fn from_name(name: &str) -> Option<LinkMode> {
        match name {
            "reflink" => Some(LinkMode::Clone),
            _ => LinkMode::ALL.into_iter().find(|m| m.name() == name),
        }
    }

    /// uv's default: clone on Linux and macOS, hardlink elsewhere.
    pub fn platform_default() -> LinkMode {
        if cfg!(any(target_os = "linux", target_os = "macos")) {
            LinkMode::Clone
        } else {
            LinkMode::Hardlink
        }
    }

    fn next(self) -> Option<LinkMode> {
        match self {
            LinkMode::Clone => Some(LinkMode::Hardlink),
            LinkMode::Hardlink | LinkMode::Symlink => Some(LinkMode::Copy),
            LinkMode::Copy => None,
        }
    }
}

/// What was linked.
#[derive(Debug, Clone)]
pub struct Linked {
    /// The entry's directory (or file) in the store.
    pub source: PathBuf,
    /// The destination directory.
    pub dest: PathBuf,
    /// The mode asked for.
    pub requested: LinkMode,
    /// The mode that worked (after fallbacks).
    pub used: LinkMode,
    /// Files and symlinks materialized.
    pub files: u64,
    /// Their apparent bytes.
    pub bytes: u64,
    /// Existing files replaced (`--reinstall`).
    pub replaced: u64,
    /// The fallback warning, when one was given.
    pub warning: Option<String>,
}

/// Links `entry` (a path in the store, absolute or relative to its root; links inside the
/// store are followed) into the directory `dest`.
pub fn link(
    store: &Store,
    env: &Environment,
    entry: &Path,
    dest: &Path,
    mode: LinkMode,
    reinstall: bool,
) -> Result<Linked> {
    let dest = env.absolutize(dest);
    let fail = |reason: LinkFailure| Error::Link {
        dest: dest.clone(),
        reason,
    };
    let source = resolve_entry(store, env, entry).map_err(|reason| Error::StoreEntry {
        entry: entry.to_path_buf(),
        reason,
    })?;
    let source_is_dir = source.is_dir();
    if dest.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        return Err(fail(LinkFailure::NotADirectory));
    }
    std::fs::create_dir_all(&dest).map_err(|e| Error::io(&dest, e))?;
    let _lock = lock_dir(&dest, env)?;

    // Plan everything before writing anything: a conflict fails with nothing changed.
    let mut plan = Vec::new();
    if source_is_dir {
        collect(&source, Path::new(""), &mut plan).map_err(&fail)?;
    } else {
        let name = source.file_name().map(PathBuf::from).unwrap_or_default();
        plan.push((name, Kind::File));
    }
    let existing = conflicts(&dest, &plan, reinstall).map_err(&fail)?;

    let mut state = State {
        mode,
        settled: false,
        warning: None,
    };
    let mut linked = Linked {
        source: source.clone(),
        dest: dest.clone(),
        requested: mode,
        used: mode,
        files: 0,
        bytes: 0,
        replaced: existing,
        warning: None,
    };
    for (rel, kind) in &plan {
        let from = if source_is_dir {
            source.join(rel)
        } else {
            source.clone()
        };
        let to = dest.join(rel);
        match kind {
            Kind::Dir => {
                if !to.is_dir() {
                    std::fs::create_dir(&to).map_err(|e| Error::io(&to, e))?;
                }
                continue;
            }
            Kind::Symlink => {
                let target = std::fs::read_link(&from).map_err(|e| Error::io(&from, e))?;
                place(&to, |temp| symlink(&target, temp)).map_err(|e| Error::io(&to, e))?;
            }
            Kind::File => {
                let record = rel.file_name().is_some_and(|n| n == "RECORD");
                state.link_file(&from, &to, record).map_err(&fail)?;
                linked.bytes += from.metadata().map_or(0, |m| m.len());
            }
        }
        linked.files += 1;
    }
    linked.used = state.mode;
    linked.warning = state.warning;
    Ok(linked)
}

/// How many of the planned files already exist at `dest` (replaced with `reinstall`); any other
/// clash is an error, found before anything is written.
fn conflicts(
    dest: &Path,
    plan: &[(PathBuf, Kind)],
    reinstall: bool,
) -> std::result::Result<u64, LinkFailure> {
    let mut existing = 0;
    for (rel, kind) in plan {
        match (dest.join(rel).symlink_metadata(), kind) {
            (Ok(meta), Kind::Dir) if meta.is_dir() => {}
            (Ok(_), Kind::Dir) => {
                return Err(LinkFailure::ClashWithFile { path: rel.clone() });
            }
            (Ok(meta), _) if meta.is_dir() => {
                return Err(LinkFailure::ClashWithDirectory { path: rel.clone() });
            }
            (Ok(_), _) if !reinstall => {
                return Err(LinkFailure::Exists { path: rel.clone() });
            }
            (Ok(_), _) => existing += 1,
            (Err(_), _) => {}
        }
    }
    Ok(existing)
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Dir,
    File,
    Symlink,
}

/// The entry's real path, which must stay inside the store (the error names the entry).
fn resolve_entry(
    store: &Store,
    env: &Environment,
    entry: &Path,
) -> std::result::Result<PathBuf, EntryRefused> {
    let root = store
        .path()
        .canonicalize()
        .map_err(|source| EntryRefused::Store {
            store: store.path().to_path_buf(),
            source,
        })?;
    let given = if entry.is_absolute() {
        entry.to_path_buf()
    } else if store.path().join(entry).symlink_metadata().is_ok() {
        store.path().join(entry)
    } else {
        env.absolutize(entry)
    };
    let real = given.canonicalize().map_err(EntryRefused::Unresolvable)?;
    if !real.starts_with(&root) || real == root {
        return Err(EntryRefused::OutsideStore {
            store: store.path().to_path_buf(),
        });
    }
    Ok(real)
}

/// Every directory, file and symlink below `dir`, parents first; symlinks are not followed.
fn collect(
    dir: &Path,
    rel: &Path,
    out: &mut Vec<(PathBuf, Kind)>,
) -> std::result::Result<(), LinkFailure> {
    let here = dir.join(rel);
    let mut children: Vec<_> = std::fs::read_dir(&here)
        .map_err(|source| LinkFailure::Io { path: here, source })?
        .filter_map(std::result::Result::ok)
        .collect();
    children.sort_by_key(|e| e.file_name());
    for child in children {
        let path = rel.join(child.file_name());
        let kind = child.file_type().map_err(|source| LinkFailure::Io {
            path: child.path(),
            source,
        })?;
        if kind.is_dir() {
            out.push((path.clone(), Kind::Dir));
            collect(dir, &path, out)?;
        } else if kind.is_symlink() {
            out.push((path, Kind::Symlink));
        } else {
            out.push((path, Kind::File));
        }
    }
    Ok(())
}

/// The mode in use and whether it is settled (the first file decides).
struct State {
    mode: LinkMode,
    settled: bool,
    warning: Option<String>,
}

impl State {
    fn link_file(
        &mut self,
        from: &Path,
        to: &Path,
        record: bool,
    ) -> std::result::Result<(), LinkFailure> {
        let copying = |source| LinkFailure::Copy {
            from: from.to_path_buf(),
            source,
        };
        if record {
            return place(to, |temp| copy(from, temp)).map_err(copying);
        }
        loop {
            let mode = self.mode;
            match place(to, |temp| link_one(mode, from, temp)) {
                Ok(()) => {
                    self.settled = true;
                    return Ok(());
                }
                Err(source) if self.settled => {
                    return Err(LinkFailure::Later {
                        mode: mode.name(),
                        from: from.to_path_buf(),
                        source,
                    });
                }
                Err(e) => {
                    let Some(next) = mode.next() else {
                        return Err(copying(e));
                    };
                    // Clone → hardlink is silent, as in uv; losing links altogether is not.
                    if matches!(mode, LinkMode::Hardlink | LinkMode::Symlink) {
                        self.warning.get_or_insert_with(|| {
                            format!(
                                "Failed to {} files; falling back to full copy. If the store and \
                                 the destination are on different file systems, {}ing is not \
                                 possible; pass --mode copy to say so and silence this warning.",
                                mode.name(),
                                mode.name()
                            )
                        });
                    }
                    self.mode = next;
                }
            }
        }
    }
}

fn link_one(mode: LinkMode, from: &Path, to: &Path) -> std::io::Result<()> {
    match mode {
        LinkMode::Clone => clone(from, to),
        LinkMode::Hardlink => std::fs::hard_link(from, to),
        LinkMode::Copy => copy(from, to),
        LinkMode::Symlink => symlink(from, to),
    }
}

/// Creates `to` through a temporary name in its directory, renamed over whatever is there:
/// a replaced file is swapped atomically.
fn place(to: &Path, make: impl Fn(&Path) -> std::io::Result<()>) -> std::io::Result<()> {
    if to.symlink_metadata().is_err() {
        return make(to);
    }
    let dir = to.parent().unwrap_or(Path::new("."));
    let temp = dir.join(format!(".tmp{}", crate::store::new_id()));
    make(&temp)?;
    std::fs::rename(&temp, to).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

fn copy(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(from, to).map(|_| ())
}

fn clone(from: &Path, to: &Path) -> std::io::Result<()> {
    crate::os::link::clone_file(from, to)
}

fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    crate::os::link::make_symlink(target, link, false)
}

/// An exclusive lock on the destination directory itself.
fn lock_dir(dest: &Path, env: &Environment) -> Result<File> {
    let dir = File::open(dest).map_err(|e| Error::io(dest, e))?;
    let timeout = lock::timeout(env)?;
    let start = std::time::Instant::now();
    loop {
        match dir.try_lock() {
            Ok(()) => return Ok(dir),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::LockTimeout {
                    path: dest.to_path_buf(),
                    seconds: timeout.as_secs(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(dest, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_archive(tmp: &Path) -> (Store, PathBuf) {
        let store = Store::at(tmp.join("store"));
        let archive = store.path().join("archive-v0/ID");
        std::fs::create_dir_all(archive.join("pkg-1.0.dist-info")).unwrap();
        std::fs::create_dir_all(archive.join("pkg")).unwrap();
        std::fs::write(archive.join("pkg/__init__.py"), "x = 1\n").unwrap();
        std::fs::write(archive.join("pkg-1.0.dist-info/RECORD"), "r").unwrap();
        (store, archive)
    }

    /// Why a copy of `entry` into `dest` is refused.
    fn copy_error(store: &Store, env: &Environment, entry: &Path, dest: &Path) -> String {
        link(store, env, entry, dest, LinkMode::Copy, false)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn hardlinks_share_inodes_but_record_is_copied() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, archive) = store_with_archive(tmp.path());
        let env = Environment::new(tmp.path());
        let dest = tmp.path().join("site");
        let done = link(
            &store,
            &env,
            Path::new("archive-v0/ID"),
            &dest,
            LinkMode::Hardlink,
            false,
        )
        .unwrap();
        assert_eq!(
            (done.used, done.files, done.warning.as_deref()),
            (LinkMode::Hardlink, 2, None)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
            assert_eq!(
                ino(&dest.join("pkg/__init__.py")),
                ino(&archive.join("pkg/__init__.py"))
            );
            assert_ne!(
                ino(&dest.join("pkg-1.0.dist-info/RECORD")),
                ino(&archive.join("pkg-1.0.dist-info/RECORD"))
            );
        }
        // Present files are refused, and nothing is changed; --reinstall replaces them.
        std::fs::write(dest.join("pkg/__init__.py.keep"), "mine").unwrap();
        let err = link(
            &store,
            &env,
            Path::new("archive-v0/ID"),
            &dest,
            LinkMode::Copy,
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("--reinstall"), "{err}");
        let again = link(
            &store,
            &env,
            Path::new("archive-v0/ID"),
            &dest,
            LinkMode::Copy,
            true,
        )
        .unwrap();
        assert_eq!(again.replaced, 2);
        assert!(
            dest.join("pkg/__init__.py.keep").exists(),
            "other files stay"
        );
    }

    #[test]
    fn refuses_files_as_dest_and_entries_outside_the_store() {
        let tmp = tempfile::tempdir().unwrap();
        let (store, _) = store_with_archive(tmp.path());
        let env = Environment::new(tmp.path());
        std::fs::write(tmp.path().join("file"), "").unwrap();
        let err = copy_error(
            &store,
            &env,
            Path::new("archive-v0/ID"),
            &tmp.path().join("file"),
        );
        assert!(err.contains("not a directory"), "{err}");
        std::fs::create_dir(tmp.path().join("elsewhere")).unwrap();
        let err = link(
            &store,
            &env,
            &tmp.path().join("elsewhere"),
            &tmp.path().join("d"),
            LinkMode::Copy,
            false,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not an entry of the store"), "{err}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                tmp.path().join("elsewhere"),
                store.path().join("archive-v0/OUT"),
            )
            .unwrap();
            let err = copy_error(
                &store,
                &env,
                Path::new("archive-v0/OUT"),
                &tmp.path().join("d"),
            );
            assert!(
                err.contains("not an entry of the store"),
                "a link out is not followed: {err}"
            );
        }
    }

    #[test]
    fn modes_parse_and_fall_back() {
        assert_eq!(LinkMode::from_name("reflink"), Some(LinkMode::Clone));
        assert_eq!(LinkMode::from_name("nope"), None);
        assert_eq!(LinkMode::Clone.next(), Some(LinkMode::Hardlink));
        assert_eq!(LinkMode::Symlink.next(), Some(LinkMode::Copy));
        assert_eq!(LinkMode::Copy.next(), None);
    }
}
