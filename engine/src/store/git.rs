//! Git repositories through the store, by resolved commit (docs/design.md#git-by-resolved-commit), with `gix`.
//!
//! As uv: one bare database per repository, `git-v0/db/<digest(url)>`, fetched into with
//! refspecs that keep the remote's branches under `refs/remotes/origin/*` and its tags under
//! `refs/remotes/origin/tags/*`; one checkout per commit, `git-v0/checkouts/<digest>/<short>`,
//! made complete before the sibling marker `<short>.ok` is written (a checkout without its
//! marker is redone); `git-v0/locks/<digest>` serializes processes working on one repository.
//!
//! A reference resolves from the database without the network unless `--refresh` asks for a
//! fetch: a branch that moved upstream is seen only then. A full commit id already in the
//! database never needs the network, not even with `--refresh`. A checkout here is the tree of
//! the commit, exported with gix (no `.git` inside; uv's `git clone --local` has one).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cache::layout::Bucket;
use crate::cache::lock::{self, LockMode};
use crate::config::environment::Environment;
use crate::error::{Error, GitFailure, Result, Revision, chain};
use crate::store::{self, Store};

/// How a resolution may use the network.
#[derive(Debug, Clone, Default)]
pub struct GitOptions {
    /// Fetch even when the reference resolves from the database.
    pub refresh: bool,
    /// Never fetch.
    pub offline: bool,
    /// Polled while a fetch runs: ctrl-c stops it (gix's own interrupt flag).
    pub interrupt: store::Interrupt,
}

/// Whether the network was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitStatus {
    /// Resolved from the database; no network.
    Hit,
    /// The database was fetched into (created if new).
    Fetched,
}

impl GitStatus {
    /// Lowercase name for reports.
    pub fn name(self) -> &'static str {
        match self {
            GitStatus::Hit => "hit",
            GitStatus::Fetched => "fetched",
        }
    }
}

/// A resolved reference and its checkout.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The repository URL as given.
    pub url: String,
    /// The reference asked for (`None`: the remote's default branch).
    pub rev: Option<String>,
    /// The full commit id.
    pub commit: String,
    /// The checkout of that commit.
    pub path: PathBuf,
    /// The bare database.
    pub db: PathBuf,
    /// Whether the network was used.
    pub status: GitStatus,
}

/// The refspecs of a fetch: every branch and tag, and the remote's HEAD.
const REFSPECS: [&str; 3] = [
    "+refs/heads/*:refs/remotes/origin/*",
    "+refs/tags/*:refs/remotes/origin/tags/*",
    "+HEAD:refs/remotes/origin/HEAD",
];

/// The repository's identity for its digest: scheme and host in lowercase, no trailing `/` or
/// `.git`, so `https://GitHub.com/a/b.git` and `https://github.com/a/b` share a database.
pub fn canonical_url(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
    match trimmed.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            format!(
                "{}://{}/{path}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => trimmed.to_string(),
    }
}

/// Whether `--refresh-package` patterns select this repository: its name (the last part of
/// the URL, normalized) or a glob over the whole URL.
pub fn refresh_selects(url: &str, patterns: &[String]) -> bool {
    let canonical = canonical_url(url);
    let name = canonical
        .rsplit('/')
        .next()
        .map(crate::cache::names::normalize_name);
    crate::store::refresh::selects(url, name.as_deref(), patterns)
}

/// Resolves `rev` in the repository at `url` to a commit and makes its checkout.
pub fn resolve(
    store: &Store,
    env: &Environment,
    url: &str,
    rev: Option<&str>,
    options: GitOptions,
) -> Result<Resolved> {
    let err = |reason: GitFailure| Error::Git {
        url: url.to_string(),
        reason,
    };
    let remote = remote_url(env, url);
    let digest = store::digest(&canonical_url(&remote));
    let _root_lock = store.open(env)?;
    let bucket = store.bucket(Bucket::Git);
    for dir in ["db", "checkouts", "locks"] {
        let path = bucket.join(dir);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
    }
    let _repo_lock = lock::acquire_file(
        &bucket.join("locks").join(&digest),
        LockMode::Exclusive,
        lock::timeout(env)?,
        false,
        &|| {},
    )?;
    let db = bucket.join("db").join(&digest);
    let (repo, created) = open_db(&db).map_err(&err)?;
    let full = rev.filter(|r| is_full_id(r));
    let local = if options.refresh && full.is_none() {
        None
    } else {
        lookup(&repo, rev)
    };
    let status = if local.is_some() {
        GitStatus::Hit
    } else {
        GitStatus::Fetched
    };
    let commit = match local {
        Some(commit) => commit,
        None if options.offline => {
            return Err(err(GitFailure::Offline {
                rev: Revision::of(rev),
            }));
        }
        None => {
            let fetched = fetch(&repo, &remote, &REFSPECS, &options.interrupt).and_then(|()| {
                match (lookup(&repo, rev), full) {
                    (Some(commit), _) => Ok(commit),
                    // A commit no branch or tag reaches: ask for it by id.
                    (None, Some(id)) => {
                        fetch(
                            &repo,
                            &remote,
                            &[format!("+{id}:refs/commit/{id}").as_str()],
                            &options.interrupt,
                        )?;
                        lookup(&repo, rev).ok_or_else(|| not_found(rev))
                    }
                    (None, None) => Err(not_found(rev)),
                }
            });
            match fetched {
                Ok(commit) => commit,
                Err(reason) => {
                    if created {
                        // Our own half-made database: nobody else can have seen it.
                        let _ = std::fs::remove_dir_all(&db);
                    }
                    if matches!(reason, GitFailure::Interrupted) {
                        return Err(Error::Interrupted);
                    }
                    return Err(err(reason));
                }
            }
        }
    };
    let path = checkout(&repo, &bucket.join("checkouts").join(&digest), &commit).map_err(&err)?;
    Ok(Resolved {
        url: url.to_string(),
        rev: rev.map(str::to_string),
        commit: commit.to_string(),
        path,
        db,
        status,
    })
}

/// A local path becomes an absolute path (gix and git take those as `file` URLs).
fn remote_url(env: &Environment, url: &str) -> String {
    if url.contains("://") || url.contains('@') && url.contains(':') {
        url.to_string()
    } else {
        env.absolutize(Path::new(url)).display().to_string()
    }
}

fn not_found(rev: Option<&str>) -> GitFailure {
    GitFailure::NotFound {
        rev: Revision::of(rev),
    }
}

fn is_full_id(rev: &str) -> bool {
    rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Opens the database, creating it when missing; a directory that is not a repository (a
/// creation cut short) is made again. Returns whether it was created now.
fn open_db(db: &Path) -> std::result::Result<(gix::Repository, bool), GitFailure> {
    if db.exists() {
        if let Ok(repo) = gix::open(db) {
            return Ok((repo, false));
        }
        std::fs::remove_dir_all(db).map_err(GitFailure::io(db))?;
    }
    gix::init_bare(db)
        .map(|repo| (repo, true))
        .map_err(|e| GitFailure::CreateDatabase {
            path: db.to_path_buf(),
            detail: e.to_string(),
        })
}

/// The commit `rev` names in the database, without the network.
fn lookup(repo: &gix::Repository, rev: Option<&str>) -> Option<gix::ObjectId> {
    let candidates: Vec<String> = match rev {
        None => vec!["refs/remotes/origin/HEAD".into()],
        Some(rev) => {
            let mut c = vec![
                format!("refs/remotes/origin/tags/{rev}"),
                format!("refs/remotes/origin/{rev}"),
                format!("refs/commit/{rev}"),
            ];
            if (4..=40).contains(&rev.len()) && rev.bytes().all(|b| b.is_ascii_hexdigit()) {
                c.push(rev.to_string());
            }
            c
        }
    };
    candidates.iter().find_map(|spec| {
        let spec = format!("{spec}^{{commit}}");
        repo.rev_parse_single(spec.as_str())
            .ok()
            .map(|id| id.detach())
    })
}

/// Fetches `refspecs` from `remote` into the database.
fn fetch(
    repo: &gix::Repository,
    remote: &str,
    refspecs: &[&str],
    stop: &store::Interrupt,
) -> std::result::Result<(), GitFailure> {
    let remote = repo
        .remote_at(remote)
        .map_err(|e| GitFailure::InvalidUrl {
            detail: e.to_string(),
        })?
        .with_fetch_tags(gix::remote::fetch::Tags::None)
        .with_refspecs(refspecs.iter().copied(), gix::remote::Direction::Fetch)
        .map_err(|e| GitFailure::InvalidRefspec {
            detail: e.to_string(),
        })?;
    let interrupt = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // Ctrl-C reaches gix through its flag, checked between its steps.
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if stop.is_set() {
                    interrupt.store(true, Ordering::Relaxed);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        });
        let result = remote
            .connect(gix::remote::Direction::Fetch)
            .map_err(|e| GitFailure::Unreachable { detail: chain(&e) })
            .and_then(|c| {
                if interrupt.load(Ordering::Relaxed) {
                    return Err(GitFailure::Interrupted);
                }
                c.prepare_fetch(gix::progress::Discard, Default::default())
                    .map_err(|e| GitFailure::References { detail: chain(&e) })
            })
            .and_then(|p| {
                p.receive(gix::progress::Discard, &interrupt)
                    .map_err(|e| GitFailure::Transfer { detail: chain(&e) })
            });
        done.store(true, Ordering::Relaxed);
        if interrupt.load(Ordering::Relaxed) {
            return Err(GitFailure::Interrupted);
        }
        result.map(|_| ())
    })
}

/// The checkout of `commit`: reused when its marker exists, otherwise exported into a staging
/// directory, renamed into place, then marked.
fn checkout(
    repo: &gix::Repository,
    dir: &Path,
    commit: &gix::ObjectId,
) -> std::result::Result<PathBuf, GitFailure> {
    let hex = commit.to_string();
    let short = &hex[..16];
    let path = dir.join(short);
    let marker = dir.join(format!("{short}.ok"));
    std::fs::create_dir_all(dir).map_err(GitFailure::io(dir))?;
    if marker.exists() && path.is_dir() {
        return Ok(path);
    }
    // A checkout cut short: the repository lock is ours, so nobody is using it.
    let _ = std::fs::remove_file(&marker);
    if path.symlink_metadata().is_ok() {
        std::fs::remove_dir_all(&path).map_err(GitFailure::io(&path))?;
    }
    let staging = tempfile::Builder::new()
        .prefix(".tmp")
        .tempdir_in(dir)
        .map_err(GitFailure::io(dir))?;
    let tree = repo
        .find_commit(*commit)
        .and_then(|c| c.tree())
        .map_err(|e| object("commit", hex.clone(), &e))?;
    export(repo, &tree, staging.path())?;
    let staged = staging.keep();
    std::fs::rename(&staged, &path).map_err(GitFailure::io(&path))?;
    std::fs::write(&marker, b"").map_err(GitFailure::io(&marker))?;
    Ok(path)
}

/// Writes a tree's files below `dest`: blobs (executable bit kept), symlinks, and submodules as
/// empty directories.
fn export(
    repo: &gix::Repository,
    tree: &gix::Tree<'_>,
    dest: &Path,
) -> std::result::Result<(), GitFailure> {
    for entry in tree.iter() {
        let entry = entry.map_err(|e| object("tree", tree.id.to_string(), &e))?;
        let name = entry.filename().to_string();
        if name.is_empty() || name == "." || name == ".." || name.contains('/') || name == ".git" {
            return Err(GitFailure::RefusedEntry { name });
        }
        let path = dest.join(&name);
        let mode = entry.mode();
        let io = |source| GitFailure::Io {
            path: path.clone(),
            source,
        };
        if mode.is_tree() {
            std::fs::create_dir(&path).map_err(io)?;
            let subtree = repo
                .find_tree(entry.object_id())
                .map_err(|e| object("tree", entry.oid().to_string(), &e))?;
            export(repo, &subtree, &path)?;
        } else if mode.is_commit() {
            std::fs::create_dir(&path).map_err(io)?;
        } else {
            let blob = repo
                .find_blob(entry.object_id())
                .map_err(|e| object("blob", entry.oid().to_string(), &e))?;
            if mode.is_link() {
                let target = String::from_utf8_lossy(&blob.data).into_owned();
                symlink(Path::new(&target), &path).map_err(io)?;
            } else {
                std::fs::write(&path, &blob.data).map_err(io)?;
                if mode.is_executable() {
                    crate::os::perm::make_executable(&path).map_err(io)?;
                }
            }
        }
    }
    Ok(())
}

fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    crate::os::link::make_symlink(target, link, false)
}

/// An object of the database that could not be read.
fn object(what: &'static str, id: String, error: &dyn std::fmt::Display) -> GitFailure {
    GitFailure::Object {
        what,
        id,
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_urls_share_a_database() {
        assert_eq!(
            canonical_url("https://GitHub.com/Astral/uv.git/"),
            "https://github.com/Astral/uv"
        );
        assert_eq!(canonical_url("/srv/repo.git"), "/srv/repo");
        assert!(is_full_id(&"a".repeat(40)));
        assert!(!is_full_id("abc123"));
    }

    #[test]
    fn refresh_package_selects_a_repository_by_name_or_url_glob() {
        let url = "https://github.com/Pallets/Flask.git";
        assert!(refresh_selects(url, &["flask".into()]));
        assert!(refresh_selects(
            url,
            &["https://github.com/Pallets/*".into()]
        ));
        assert!(!refresh_selects(url, &["django".into()]));
    }
}
