//! `git::resolve` against real repositories made with the `git` binary, reached by `file://`
//! URLs: commits equal `git rev-parse`, a moved branch is seen only with `--refresh`, pinned
//! commits resolve offline, and bad URLs or references fail without leaving a database.

use std::path::Path;

use uvcache::Environment;
use uvcache::store::Store;
use uvcache::store::git::{self, GitOptions, GitStatus};
use uvcache_e2e::git;

fn commit(repo: &Path, file: &str, text: &str) -> String {
    std::fs::write(repo.join(file), text).unwrap();
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", text]);
    git(repo, &["rev-parse", "HEAD"])
}

/// A repository with `main`, a branch `dev`, a lightweight tag `v1` and an annotated `v2`.
fn repository(dir: &Path) -> std::path::PathBuf {
    let repo = dir.join("upstream");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    commit(&repo, "a.txt", "one");
    git(&repo, &["tag", "v1"]);
    std::fs::create_dir(repo.join("bin")).unwrap();
    std::fs::write(repo.join("bin/run"), "#!/bin/sh\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(repo.join("bin/run"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    commit(&repo, "b.txt", "two");
    git(&repo, &["tag", "-a", "v2", "-m", "annotated"]);
    git(&repo, &["branch", "dev"]);
    commit(&repo, "c.txt", "three");
    repo
}

#[test]
fn resolves_like_git_rev_parse_and_refreshes_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    let url = format!("file://{}", repo.display());
    let store = Store::at(tmp.path().join("store"));
    let env = Environment::new(tmp.path());
    let resolve = |rev: Option<&str>, options: GitOptions| {
        git::resolve(&store, &env, &url, rev, options).unwrap()
    };
    let default = resolve(None, GitOptions::default());
    assert_eq!(default.status, GitStatus::Fetched);
    assert_eq!(default.commit, git(&repo, &["rev-parse", "main"]));
    assert_eq!(
        std::fs::read_to_string(default.path.join("c.txt")).unwrap(),
        "three"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(default.path.join("bin/run"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "the executable bit is kept");
    }
    for (rev, spec) in [
        ("main", "main"),
        ("dev", "dev"),
        ("v1", "v1^{commit}"),
        ("v2", "v2^{commit}"),
    ] {
        let resolved = resolve(Some(rev), GitOptions::default());
        assert_eq!(resolved.commit, git(&repo, &["rev-parse", spec]), "{rev}");
        assert_eq!(resolved.status, GitStatus::Hit, "{rev} needs no fetch");
    }
    let short = git(&repo, &["rev-parse", "--short=9", "dev"]);
    assert_eq!(
        resolve(Some(&short), GitOptions::default()).commit,
        git(&repo, &["rev-parse", "dev"])
    );

    // Move `dev` upstream: not seen without --refresh, seen with it.
    git(&repo, &["checkout", "-q", "dev"]);
    let moved = commit(&repo, "d.txt", "four");
    let stale = resolve(Some("dev"), GitOptions::default());
    assert_ne!(stale.commit, moved);
    assert_eq!(stale.status, GitStatus::Hit);
    let refreshed = resolve(
        Some("dev"),
        GitOptions {
            refresh: true,
            ..GitOptions::default()
        },
    );
    assert_eq!(refreshed.commit, moved);
    assert_eq!(refreshed.status, GitStatus::Fetched);
    assert!(refreshed.path.join("d.txt").is_file());
    assert!(
        refreshed
            .path
            .with_file_name(format!("{}.ok", &moved[..16]))
            .is_file()
    );

    // Pinned commits resolve offline, even with the upstream gone.
    std::fs::remove_dir_all(&repo).unwrap();
    let offline = GitOptions {
        offline: true,
        refresh: true,
        ..GitOptions::default()
    };
    let pinned = resolve(Some(&moved), offline.clone());
    assert_eq!(
        (pinned.commit.as_str(), pinned.status),
        (moved.as_str(), GitStatus::Hit)
    );
    let err = git::resolve(&store, &env, &url, Some("nope"), offline)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--offline"), "{err}");
}

#[test]
fn bad_urls_and_refs_fail_clearly_without_a_database() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path().join("store"));
    let env = Environment::new(tmp.path());
    let missing = format!("file://{}/nowhere", tmp.path().display());
    let err = git::resolve(&store, &env, &missing, None, GitOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nowhere"), "{err}");
    let db = store.path().join("git-v0/db");
    assert_eq!(
        std::fs::read_dir(&db).unwrap().count(),
        0,
        "no half database"
    );

    let repo = repository(tmp.path());
    let url = format!("file://{}", repo.display());
    let err = git::resolve(
        &store,
        &env,
        &url,
        Some("no-such-branch"),
        GitOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("`no-such-branch` does not resolve"), "{err}");
    // A later good resolution still works.
    let ok = git::resolve(&store, &env, &url, Some("v1"), GitOptions::default()).unwrap();
    assert_eq!(ok.commit, git(&repo, &["rev-parse", "v1"]));
}

/// Ctrl-C (the interrupt check) stops a fetch: the answer is `Interrupted`, and the database
/// the fetch had begun is not left half made.
#[test]
fn an_interrupted_fetch_leaves_no_database() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repository(tmp.path());
    let url = format!("file://{}", repo.display());
    let store = Store::at(tmp.path().join("store"));
    let env = Environment::new(tmp.path());
    let options = GitOptions {
        interrupt: uvcache::store::Interrupt::new(std::sync::Arc::new(|| true)),
        ..GitOptions::default()
    };
    let err = git::resolve(&store, &env, &url, None, options).unwrap_err();
    assert!(matches!(err, uvcache::Error::Interrupted), "{err}");
    let dbs = tmp.path().join("store/git-v0/db");
    let left = std::fs::read_dir(&dbs).map(|d| d.count()).unwrap_or(0);
    assert_eq!(
        left,
        0,
        "a half-made database was left in {}",
        dbs.display()
    );
}
