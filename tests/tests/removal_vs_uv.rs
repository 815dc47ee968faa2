//! clean, clean PKG, prune and prune --ci against real uv 0.13.8: on two copies of a cache uv
//! filled (plus the debris real caches collect), the trees left behind are identical and the
//! "Removed N files (X)" figures agree; uv then still installs, offline, what should be cached.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use uvcache::removal::{Operation, RunOptions, TRASH_PREFIX, execute};
use uvcache_e2e::{
    RealCache, broken_links, bucket, offline_install, run, tree, uv_cmd, uvcache_op,
};

/// A copy of the real cache with what real caches collect over time.
fn seeded(name: &str) -> PathBuf {
    let real = RealCache::get();
    let cache = real.copy(name);
    let six_link = std::fs::read_dir(cache.join(format!("{}/pypi/six", bucket("wheels"))))
        .unwrap()
        .flatten()
        .find(|e| e.file_type().unwrap().is_symlink())
        .unwrap()
        .path();
    let six_archive = std::fs::read_link(&six_link).unwrap();
    let six_id = six_archive
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let w = |rel: &str, data: &[u8]| {
        let path = cache.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    };
    // An outdated bucket, root junk, a staging dir, a flat-index page, a build dir.
    w("wheels-v6/pypi/six/1.0-py3-none-any.http", b"old");
    w("simple-v24/pypi/six.rkyv", b"old");
    w("junk.txt", b"junk");
    w(".tmpABC/partial", b"partial");
    w("flat-index-v7/html/0123456789abcdef.msgpack", b"page");
    w("builds-v0/.tmpbuild/pyvenv.cfg", b"home = /usr");
    // Cached environments: one linking to its own persisted archive, one script venv.
    w("archive-v0/ENVARCHIVE000000/pyvenv.cfg", b"home = /usr");
    std::fs::create_dir_all(cache.join("environments-v2/1111222233334444")).unwrap();
    std::os::unix::fs::symlink(
        "../../archive-v0/ENVARCHIVE000000",
        cache.join("environments-v2/1111222233334444/5555666677778888"),
    )
    .unwrap();
    w("environments-v2/script-1234/pyvenv.cfg", b"home = /usr");
    // A stale sdist revision and an archive nothing links to.
    let tomli = std::fs::read_dir(cache.join(format!("{}/pypi/tomli", bucket("sdists"))))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::create_dir_all(tomli.join("OLDREVISION00000/src")).unwrap();
    std::fs::write(tomli.join("OLDREVISION00000/metadata.msgpack"), b"x").unwrap();
    w("archive-v0/DANGLINGARCHIVE0/mod.py", b"x = 1");
    // A second package linking to six's archive (an archive two entries share).
    std::os::unix::fs::symlink(
        format!("../../../archive-v0/{six_id}"),
        cache.join(format!(
            "{}/pypi/iniconfig/9.9.9-py3-none-any",
            bucket("wheels")
        )),
    )
    .unwrap();
    // Content-addressed blobs: one orphan, one hardlinked into six's archive.
    w("files-v0/ab/abababababababab", b"orphan");
    std::fs::create_dir_all(cache.join("files-v0/cd")).unwrap();
    std::fs::hard_link(
        cache.join("archive-v0").join(&six_id).join("six.py"),
        cache.join("files-v0/cd/cdcdcdcdcdcdcdcd"),
    )
    .unwrap();
    cache
}

fn options(timeout: Duration) -> RunOptions<'static> {
    let mut options = RunOptions::new(uvcache::cache::layout::newest(), &uvcache::progress::Silent);
    options.timeout = timeout;
    options.scan.threads = 2;
    options
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Runs `uv cache ARGS` on `a` and uvcache's `operation` on `b`; returns both summaries.
fn both(a: &Path, b: &Path, args: &[&str], operation: Operation) -> (String, String) {
    let (theirs, ours, warnings) = both_with(a, b, args, operation, false);
    assert!(warnings.is_empty(), "{warnings:?}");
    (theirs, ours)
}

/// [`both`], with uvcache's index damaged between its dry run and its run when `damage`;
/// also the run's warnings.
fn both_with(
    a: &Path,
    b: &Path,
    args: &[&str],
    operation: Operation,
    damage: bool,
) -> (String, String, Vec<String>) {
    let out = run(uv_cmd(a, a.parent().unwrap()).arg("cache").args(args));
    let theirs = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    let nothing = if args[0] == "prune" {
        "No unused entries found"
    } else {
        "No cache entries found"
    };
    // uvcache plans from its index, as the product does: a dry run first writes it (a walk),
    // and the run plans from it, revalidated under the lock.
    let index: &'static Path = Box::leak(
        b.with_file_name(format!("{}-index", name_of(b)))
            .into_boxed_path(),
    );
    let with_index = RunOptions {
        index: Some(index),
        ..options(Duration::from_secs(5))
    };
    execute(
        b,
        operation.clone(),
        &RunOptions {
            dry_run: true,
            ..with_index
        },
    )
    .expect("uvcache dry run")
    .expect("cache exists");
    assert!(
        std::fs::read_dir(index).is_ok_and(|mut d| d.next().is_some()),
        "the dry run wrote the index"
    );
    if damage {
        let file = uvcache::cache::index::file_of(index, b).expect("the index's name");
        let mut bytes = std::fs::read(&file).expect("the index");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        std::fs::write(&file, bytes).expect("damaged");
    }
    let outcome = execute(b, operation, &with_index)
        .expect("uvcache")
        .expect("cache exists");
    (theirs, outcome.removal.summary(nothing), outcome.warnings)
}

fn differential(name: &str, args: &[&str], operation: Operation) -> PathBuf {
    let a = seeded(&format!("{name}-uv"));
    let b = seeded(&format!("{name}-uvcache"));
    let (theirs, ours) = both(&a, &b, args, operation);
    assert_eq!(ours, theirs, "summary of `uv cache {}`", args.join(" "));
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(
        ta == tb,
        "trees differ after `{}`:\n{}",
        args.join(" "),
        diff(&ta, &tb)
    );
    b
}

fn diff(a: &str, b: &str) -> String {
    let (a, b): (std::collections::BTreeSet<_>, std::collections::BTreeSet<_>) =
        (a.lines().collect(), b.lines().collect());
    let only_uv: Vec<_> = a.difference(&b).collect();
    let only_us: Vec<_> = b.difference(&a).collect();
    format!("only after uv: {only_uv:?}\nonly after uvcache: {only_us:?}")
}

#[test]
fn clean_all_matches_uv_and_keeps_root_and_lock() {
    let b = differential("clean-all", &["clean"], Operation::CleanAll);
    let left: Vec<_> = std::fs::read_dir(&b)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from(".lock")]);
}

#[test]
fn clean_packages_match_uv() {
    let real = RealCache::get();
    // six shares its archive with a second link: the archive stays.
    let b = differential(
        "clean-six",
        &["clean", "six"],
        Operation::CleanPackages(vec!["six".into()]),
    );
    assert!(offline_install(&b, &real.dir, &["packaging", "iniconfig==2.3.1"]).is_ok());
    let err = offline_install(&b, &real.dir, &["six"]).expect_err("six was removed");
    assert!(err.contains("six"), "{err}");
    // Both referrers gone: the archive goes too.
    differential(
        "clean-two",
        &["clean", "six", "iniconfig"],
        Operation::CleanPackages(vec!["six".into(), "iniconfig".into()]),
    );
    // url, path and git sources are matched through their metadata; editables are not.
    differential(
        "clean-local",
        &["clean", "gitpkg", "localpkg", "edpkg", "tomli"],
        Operation::CleanPackages(vec![
            "gitpkg".into(),
            "localpkg".into(),
            "edpkg".into(),
            "tomli".into(),
        ]),
    );
    // An unknown package still wipes the flat-index bucket, as uv does.
    differential(
        "clean-unknown",
        &["clean", "no-such-package"],
        Operation::CleanPackages(vec!["no-such-package".into()]),
    );
}

#[test]
fn prune_matches_uv_and_keeps_what_is_used() {
    let real = RealCache::get();
    let b = differential("prune", &["prune"], Operation::Prune { ci: false });
    offline_install(&b, &real.dir, &["six", "packaging", "iniconfig==2.3.1"])
        .expect("registry wheels still cached");
    offline_install(&b, &real.dir, &["--no-binary", "tomli", "tomli"])
        .expect("built wheel still cached");
    // A second prune finds nothing, like uv's.
    let again = execute(
        &b,
        Operation::Prune { ci: false },
        &options(Duration::from_secs(5)),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        again.removal.summary("No unused entries found"),
        "No unused entries found"
    );
}

/// A damaged index is said in the run's warnings, and the plan (from a walk then) is still
/// uv's: same summary, same files left.
#[test]
fn a_damaged_index_is_a_warning_and_the_run_is_still_uvs() {
    let a = seeded("damaged-index-uv");
    let b = seeded("damaged-index-uvcache");
    let (theirs, ours, warnings) =
        both_with(&a, &b, &["prune"], Operation::Prune { ci: false }, true);
    assert_eq!(ours, theirs, "summary of `uv cache prune`");
    assert!(
        warnings.iter().any(|w| w.contains("corrupt")),
        "{warnings:?}"
    );
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta == tb, "trees differ:\n{}", diff(&ta, &tb));
}

#[test]
fn prune_ci_matches_uv_and_uv_sees_the_same_cache() {
    let real = RealCache::get();
    let b = differential(
        "prune-ci",
        &["prune", "--ci"],
        Operation::Prune { ci: true },
    );
    let built = std::fs::read_dir(b.join(format!("{}/pypi/tomli", bucket("sdists"))))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let kept: Vec<_> = std::fs::read_dir(&built)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    let revision = kept
        .iter()
        .find(|n| !n.starts_with('.') && !n.starts_with("revision"))
        .expect("revision dir");
    let files: Vec<_> = std::fs::read_dir(built.join(revision))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with(".whl"))
            && files.iter().any(|f| f == "metadata.msgpack")
            && files.len() == 2,
        "{files:?}"
    );
    // uv judges: what it can still install offline from uv's own pruned copy, it can from ours.
    let a = seeded("prune-ci-judge");
    run(uv_cmd(&a, &real.dir).args(["cache", "prune", "--ci"]));
    for spec in [
        &["six"][..],
        &["--no-binary", "tomli", "tomli"],
        &["packaging"],
    ] {
        assert_eq!(
            offline_install(&b, &real.dir, spec).is_ok(),
            offline_install(&a, &real.dir, spec).is_ok(),
            "{spec:?}"
        );
    }
    assert!(
        offline_install(&b, &real.dir, &["six"]).is_err(),
        "pre-built wheels are gone"
    );
}

#[test]
fn newer_buckets_and_their_archives_are_kept() {
    let b = seeded("newer");
    std::fs::create_dir_all(b.join("wheels-v99/pypi/future")).unwrap();
    std::fs::create_dir_all(b.join("archive-v0/FUTUREARCHIVE000")).unwrap();
    std::fs::write(b.join("archive-v0/FUTUREARCHIVE000/f.py"), b"").unwrap();
    std::os::unix::fs::symlink(
        "../../../archive-v0/FUTUREARCHIVE000",
        b.join("wheels-v99/pypi/future/1.0-py3-none-any"),
    )
    .unwrap();
    execute(
        &b,
        Operation::Prune { ci: false },
        &options(Duration::from_secs(5)),
    )
    .unwrap()
    .unwrap();
    assert!(b.join("wheels-v99/pypi/future/1.0-py3-none-any").exists());
    assert!(b.join("archive-v0/FUTUREARCHIVE000/f.py").exists());
    assert!(!b.join("wheels-v6").exists());
}

#[test]
fn lock_is_shared_with_uv_both_ways() {
    let real = RealCache::get();
    let cache = seeded("lock");
    // A running `uv run` holds the shared lock: uvcache waits, then times out clearly.
    let mut child = uv_cmd(&cache, &real.dir)
        .env("VIRTUAL_ENV", real.dir.join("venv"))
        .args([
            "run",
            "--no-project",
            "--offline",
            "python",
            "-c",
            "import time; time.sleep(30)",
        ])
        .spawn()
        .expect("uv run");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while uvcache::cache::lock::acquire(
        &cache,
        uvcache::cache::lock::LockMode::Exclusive,
        Duration::ZERO,
        false,
        &|| {},
    )
    .is_ok()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "uv run never took its lock"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let waited = std::cell::Cell::new(false);
    let waiting = || waited.set(true);
    let err = execute(
        &cache,
        Operation::Prune { ci: false },
        &RunOptions {
            waiting: &waiting,
            shallow: false,
            buckets: uvcache::cache::layout::newest(),
            behavior: Default::default(),
            ..options(Duration::from_secs(1))
        },
    )
    .unwrap_err();
    assert!(waited.get());
    assert!(
        matches!(err, uvcache::Error::LockTimeout { .. })
            && err.to_string().contains("UV_LOCK_TIMEOUT"),
        "{err}"
    );
    assert!(
        cache.join("junk.txt").exists(),
        "nothing removed while uv runs"
    );
    let _ = child.kill();
    let _ = child.wait();
    // uvcache holds the exclusive lock: uv's prune waits and times out (exit 2).
    let lock = uvcache::cache::lock::acquire(
        &cache,
        uvcache::cache::lock::LockMode::Exclusive,
        Duration::ZERO,
        false,
        &|| {},
    )
    .unwrap();
    assert!(lock.is_held());
    let out = uv_cmd(&cache, &real.dir)
        .env("UV_LOCK_TIMEOUT", "1")
        .args(["cache", "prune"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Timeout"));
    drop(lock);
}

/// The trees real uv leaves after `uv cache <uv_args>` on a seeded copy, and after a prune
/// that follows it.
fn uv_trees(real: &RealCache, name: &str, uv_args: &[&str]) -> (String, String) {
    let expected_dir = seeded(&format!("{name}-expected"));
    run(uv_cmd(&expected_dir, &real.dir).arg("cache").args(uv_args));
    let pruned_dir = real.copy_of(&expected_dir, &format!("{name}-expected-pruned"));
    run(uv_cmd(&pruned_dir, &real.dir).args(["cache", "prune"]));
    (tree(&expected_dir), tree(&pruned_dir))
}

#[test]
fn sigkill_at_any_point_leaves_no_dangling_link() {
    let real = RealCache::get();
    let original = tree(&seeded("kill-original"));
    let mut midway = 0;
    let mut orphaned = 0;
    for (op, packages, kept, uv_args) in [
        (
            "prune",
            vec![],
            vec!["six", "packaging", "iniconfig==2.3.1"],
            vec!["prune"],
        ),
        ("prune-ci", vec![], vec![], vec!["prune", "--ci"]),
        (
            "clean",
            vec!["six", "tomli"],
            vec!["packaging"],
            vec!["clean", "six", "tomli"],
        ),
    ] {
        // A kill between removing pointers and their archives orphans the archives, as it does
        // for uv; the next prune reclaims them. So compare after a prune where trees differ.
        let (expected, expected_pruned) = uv_trees(real, &format!("kill-{op}"), &uv_args);
        for delay_ms in [0u64, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20] {
            let cache = seeded(&format!("kill-{op}-{delay_ms}"));
            let mut child = Command::new(uvcache_op())
                .arg(op)
                .arg(&cache)
                .args(&packages)
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay_ms));
            let _ = child.kill();
            let _ = child.wait();
            let after_kill = tree(&cache);
            if after_kill != original && after_kill != expected {
                midway += 1;
            }
            for bucket in [&bucket("wheels"), &bucket("sdists")] {
                let broken = broken_links(&cache.join(bucket));
                assert!(
                    broken.is_empty(),
                    "{op} killed after {delay_ms} ms left links to missing archives: {broken:?}"
                );
            }
            if !kept.is_empty() {
                // On a copy: uv adds interpreter entries of its own while installing.
                let judge = cache.with_extension("judge");
                let _ = std::fs::remove_dir_all(&judge);
                run(Command::new("cp").arg("-a").arg(&cache).arg(&judge));
                offline_install(&judge, &real.dir, &kept)
                    .unwrap_or_else(|e| panic!("{op} killed after {delay_ms} ms: {e}"));
            }
            // The next run completes the job (and removes what the killed one parked): the
            // result is what one uninterrupted run of uv leaves.
            run(Command::new(uvcache_op())
                .arg(op)
                .arg(&cache)
                .args(&packages));
            if tree(&cache) != expected {
                orphaned += 1;
                run(Command::new(uvcache_op()).arg("prune").arg(&cache));
                let after = tree(&cache);
                assert!(
                    after == expected_pruned,
                    "{op} killed after {delay_ms} ms, rerun, pruned:\n{}",
                    diff(&expected_pruned, &after)
                );
            }
        }
    }
    assert!(
        midway > 0,
        "no kill landed in the middle of an operation: the test proved nothing"
    );
    eprintln!(
        "{midway} kills landed mid-operation; {orphaned} left orphaned archives for the next prune"
    );
}

/// The crash points of the two-step removal, hit on purpose (`UVCACHE_OP_CRASH`): half of the
/// plan taken out of uv's view, or all of it with nothing deleted yet. No link is left without
/// its archive; after the renames uv's view is already what uv leaves; the next run deletes
/// the trash and ends where one uninterrupted run of uv ends.
#[test]
fn crashes_between_and_after_the_renames() {
    let real = RealCache::get();
    for (op, packages, uv_args) in [
        ("prune-ci", vec![], vec!["prune", "--ci"]),
        ("clean", vec!["six", "tomli"], vec!["clean", "six", "tomli"]),
        // A whole clean collects no blobs: its trash is deleted after the lock is released.
        ("clean", vec![], vec!["clean"]),
    ] {
        let name = format!("{op}{}", packages.len());
        let (expected, expected_pruned) = uv_trees(real, &format!("crash-{name}"), &uv_args);
        for point in ["half-park", "after-park", "mid-delete"] {
            let cache = seeded(&format!("crash-{name}-{point}"));
            let out = Command::new(uvcache_op())
                .arg(op)
                .arg(&cache)
                .args(&packages)
                .env("UVCACHE_OP_CRASH", point)
                .output()
                .unwrap();
            assert!(
                !out.status.success(),
                "{op} {point}: the run did not crash: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let crashed = tree(&cache);
            assert!(
                crashed.contains(TRASH_PREFIX),
                "{op} {point}: nothing parked"
            );
            for bucket in [&bucket("wheels"), &bucket("sdists")] {
                let broken = broken_links(&cache.join(bucket));
                assert!(
                    broken.is_empty(),
                    "{op} {point}: links to missing archives: {broken:?}"
                );
            }
            if point != "half-park" {
                // uv's view is final but for the orphaned files-v0 blobs, collected after the
                // archives are deleted (harmless to uv; the rerun collects them).
                let view = |t: &str| -> Vec<String> {
                    t.lines()
                        .filter(|l| !l.contains(TRASH_PREFIX) && !l.contains("files-v0/"))
                        .map(str::to_string)
                        .collect()
                };
                assert_eq!(
                    view(&crashed),
                    view(&expected),
                    "{op} {point}: uv's view after the renames"
                );
            }
            run(Command::new(uvcache_op())
                .arg(op)
                .arg(&cache)
                .args(&packages));
            let mut after = tree(&cache);
            assert!(!after.contains(TRASH_PREFIX), "{op} {point}: trash left");
            if after != expected {
                // A crash between a pointer and its archive orphans the archive, as for uv.
                assert_eq!(point, "half-park", "{op}: after-park reruns to uv's result");
                run(Command::new(uvcache_op()).arg("prune").arg(&cache));
                after = tree(&cache);
                assert_eq!(after, expected_pruned, "{op} {point}: rerun and prune");
            }
        }
    }
}

#[test]
fn bad_input_is_refused_or_survived() {
    let real = RealCache::get();
    // Not a cache: refused, nothing touched; with the override, wiped like uv does.
    let not_cache = real.dir.join("not-a-cache");
    std::fs::create_dir_all(&not_cache).unwrap();
    std::fs::write(not_cache.join("important.txt"), b"keep me").unwrap();
    let err = execute(
        &not_cache,
        Operation::CleanAll,
        &options(Duration::from_secs(1)),
    )
    .unwrap_err();
    assert!(
        matches!(err, uvcache::Error::NotACache(_))
            && err.to_string().contains("--allow-non-cache"),
        "{err}"
    );
    assert!(not_cache.join("important.txt").exists());
    assert!(
        !not_cache.join(".lock").exists(),
        "a refused directory gets no lock file"
    );
    let forced = RunOptions {
        allow_non_cache: true,
        ..options(Duration::from_secs(1))
    };
    execute(&not_cache, Operation::CleanAll, &forced).unwrap();
    assert!(!not_cache.join("important.txt").exists());
    // Unknown package on a cache without a flat index: nothing found, like uv.
    let cache = real.copy("unknown-pkg");
    let outcome = execute(
        &cache,
        Operation::CleanPackages(vec!["nope".into()]),
        &options(Duration::from_secs(1)),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        outcome.removal.summary("No cache entries found"),
        "No cache entries found"
    );
    // A broken symlink in archive-v0 makes uv's prune abort midway; uvcache's completes.
    let a = seeded("broken-uv");
    let b = seeded("broken-uvcache");
    for c in [&a, &b] {
        std::os::unix::fs::symlink("/nonexistent/target", c.join("archive-v0/BROKENLINK")).unwrap();
    }
    let out = uv_cmd(&a, &real.dir)
        .args(["cache", "prune"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "uv aborts on a broken link in archive-v0"
    );
    execute(
        &b,
        Operation::Prune { ci: false },
        &options(Duration::from_secs(5)),
    )
    .unwrap()
    .unwrap();
    assert!(std::fs::symlink_metadata(b.join("archive-v0/BROKENLINK")).is_err());
    assert!(!b.join("junk.txt").exists());
    // Symlinks out of the cache are removed, never followed.
    let outside = real.dir.join("outside-target");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("precious"), b"precious").unwrap();
    let c = seeded("outside-links");
    std::os::unix::fs::symlink(
        &outside,
        c.join(format!("{}/pypi/six/0.0.1-py3-none-any", bucket("wheels"))),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, c.join("archive-v0/OUTSIDELINK00000")).unwrap();
    std::os::unix::fs::symlink(&outside, c.join("environments-v2/outside")).unwrap();
    execute(
        &c,
        Operation::CleanPackages(vec!["six".into()]),
        &options(Duration::from_secs(5)),
    )
    .unwrap();
    execute(
        &c,
        Operation::Prune { ci: true },
        &options(Duration::from_secs(5)),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(outside.join("precious")).unwrap(),
        b"precious"
    );
    assert!(std::fs::symlink_metadata(c.join("archive-v0/OUTSIDELINK00000")).is_err());
}
