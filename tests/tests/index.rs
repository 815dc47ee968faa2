//! The index against the disk, with real uv 0.13.9 changing the cache: after each change,
//! `size` and `ls` answered from the index equal `--exact` answers (a walk of everything),
//! and the total equals `uv cache size`. The changes: installs of new packages and a build
//! from source, `uv cache clean PKG`, `uv cache prune`, an install running while uvcache
//! answers, the cache copied to another path, and another cache put in place at the same
//! path; then rounds of random uv operations and queries.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use uvcache_e2e::{bucket, nu, plugin, run, uv_cache_size, uv_cmd, uvcache_cli};

/// The CLI on `cache`, with its store (and so the index) in `store`.
fn uvcache(cache: &Path, store: &Path) -> Command {
    let mut cmd = uvcache_cli();
    cmd.env("UVCACHE_STORE_DIR", store)
        .env("UVCACHE_UV_VERSION", "0.13.9")
        .arg("--cache-dir")
        .arg(cache)
        .args(["--format", "json"]);
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = run(cmd);
    serde_json::from_slice(&out.stdout).expect("json")
}

/// `size` and `ls` from the index, and whether `size` came from it.
fn answers(cache: &Path, store: &Path, exact: bool) -> (u64, bool, Vec<String>) {
    let mut size = uvcache(cache, store);
    size.arg("size");
    let mut ls = uvcache(cache, store);
    ls.arg("ls");
    if exact {
        size.arg("--exact");
        ls.arg("--exact");
    }
    let size = json(&mut size);
    let rows = json(&mut ls)
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            format!(
                "{} {} size={} files={} package={} status={}",
                r["path"], r["kind"], r["size"], r["files"], r["package"], r["status"]
            )
        })
        .collect();
    (
        size["total"].as_u64().expect("total"),
        size["exact"].as_bool().expect("exact"),
        rows,
    )
}

/// Index answers equal exact ones and uv's total.
#[track_caller]
fn check(cache: &Path, store: &Path, what: &str) {
    let (total, _, rows) = answers(cache, store, false);
    let (walked, _, walked_rows) = answers(cache, store, true);
    let uv = uv_cache_size(cache);
    assert_eq!((total, walked), (uv, uv), "{what}: index, walk, uv");
    if rows != walked_rows {
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|r| !b.contains(r)).cloned().collect()
        };
        panic!(
            "{what}: ls differs\nindex only: {:#?}\nwalk only: {:#?}",
            only(&rows, &walked_rows),
            only(&walked_rows, &rows)
        );
    }
}

/// `ls` from the listing (the cache unchanged for longer than the racy window, an answer taken
/// down to the pointer files just before) equals `ls --exact`, last use included, and reads
/// the listing without writing it.
fn listing_answers(cache: &Path, store: &Path) {
    past_racy_window();
    let rows = |exact: bool| {
        let mut ls = uvcache(cache, store);
        ls.arg("ls");
        if exact {
            ls.arg("--exact");
        }
        json(&mut ls)
    };
    rows(false);
    let file = std::fs::read_dir(store.join("index-v0"))
        .expect("index folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "ls"))
        .expect("a listing beside the index");
    let written = |f: &Path| std::fs::metadata(f).and_then(|m| m.modified()).ok();
    let before = written(&file);
    let listed = rows(false);
    assert_eq!(
        written(&file),
        before,
        "the second ls reads the listing, writes nothing"
    );
    assert_eq!(listed, rows(true), "the listing's rows are a walk's");
}

/// A temporary folder, and the paths of a cache and a store in it (neither made yet).
fn scratch_cache(prefix: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("temp dir");
    let (cache, store) = (dir.path().join("cache"), dir.path().join("store"));
    (dir, cache, store)
}

/// Waits until what was just written is older than the racy window, so that an index written
/// next trusts the stamps as they are.
fn past_racy_window() {
    std::thread::sleep(uvcache::cache::index::RACY + std::time::Duration::from_millis(300));
}

fn install(cache: &Path, work: &Path, args: &[&str]) {
    let venv = work.join("venv");
    if !venv.exists() {
        run(uv_cmd(cache, work)
            .args(["venv", "-q", "-p", "python3"])
            .arg(&venv));
    }
    run(uv_cmd(cache, work)
        .env("VIRTUAL_ENV", &venv)
        .args(["pip", "install", "-q"])
        .args(args));
}

#[test]
fn index_answers_equal_walks_while_real_uv_changes_the_cache() {
    let (dir, cache, store) = scratch_cache("uvcache-index-");
    install(&cache, dir.path(), &["idna", "six"]);
    let (_, exact, _) = answers(&cache, &store, false);
    assert!(exact, "the first answer walks");
    let (_, exact, _) = answers(&cache, &store, false);
    assert!(!exact, "the second comes from the index");
    check(&cache, &store, "installed");
    listing_answers(&cache, &store);

    install(
        &cache,
        dir.path(),
        &["--no-binary", "tomli", "tomli", "packaging"],
    );
    check(&cache, &store, "built from source");

    run(uv_cmd(&cache, dir.path()).args(["cache", "clean", "six"]));
    check(&cache, &store, "uv cache clean six");
    run(uv_cmd(&cache, dir.path()).args(["cache", "prune"]));
    check(&cache, &store, "uv cache prune");

    // uvcache's own deletions plan from the index and bring it up to date: the answer after
    // them comes from the index, and equals a walk and uv.
    install(&cache, dir.path(), &["--reinstall", "six"]);
    check(&cache, &store, "six cached again");
    run(uvcache(&cache, &store).args(["clean", "six"]));
    let (_, exact, _) = answers(&cache, &store, false);
    assert!(!exact, "after uvcache clean, the index answers");
    check(&cache, &store, "uvcache clean six");
    run(uvcache(&cache, &store).arg("prune"));
    check(&cache, &store, "uvcache prune");

    // An install running while uvcache answers: every answer a state uv passed through is
    // not checkable, but none may fail, and the one after equals a walk.
    let venv = dir.path().join("venv");
    let mut running = uv_cmd(&cache, dir.path())
        .env("VIRTUAL_ENV", &venv)
        .args(["pip", "install", "-q", "attrs", "iniconfig", "pluggy"])
        .stdout(Stdio::null())
        .spawn()
        .expect("uv install");
    for _ in 0..5 {
        answers(&cache, &store, false);
    }
    assert!(running.wait().expect("uv").success());
    check(&cache, &store, "after an install that ran beside");

    // The same cache at another path: another root, another index.
    let copy = dir.path().join("copy");
    run(Command::new("cp").arg("-a").arg(&cache).arg(&copy));
    check(&copy, &store, "copied");

    // Another cache put in place at the same path.
    let other = dir.path().join("other");
    let w2 = dir.path().join("w2");
    std::fs::create_dir_all(&w2).expect("w2");
    install(&other, &w2, &["iniconfig"]);
    std::fs::remove_dir_all(&cache).expect("remove");
    std::fs::rename(&other, &cache).expect("rename");
    check(&cache, &store, "another cache at the same path");
}

/// A file added to an archive's own folder, and one removed from another's, are seen by the
/// index's next answer (each archive's own folder is stat'ed), the cache older than the racy
/// window so that only the stamps could tell.
#[test]
fn files_added_to_and_removed_from_an_archives_own_folder_are_seen() {
    let (dir, cache, store) = scratch_cache("uvcache-index-archives-");
    install(&cache, dir.path(), &["six", "attrs"]);
    let settle = || {
        past_racy_window();
        let (_, exact, _) = answers(&cache, &store, false);
        assert!(!exact, "answered from the index");
    };
    answers(&cache, &store, false);
    settle();
    let archives: Vec<std::path::PathBuf> = std::fs::read_dir(cache.join("archive-v0"))
        .expect("archives")
        .map(|e| e.expect("archive").path())
        .collect();
    std::fs::write(archives[0].join("extra.bin"), vec![7u8; 300_000]).expect("extra.bin");
    check(&cache, &store, "a file added to an archive's own folder");
    settle();
    // six's archive has `six.py` at its top; attrs' only folders.
    let removed = archives[1..]
        .iter()
        .chain(&archives[..1])
        .flat_map(|a| std::fs::read_dir(a).expect("archive"))
        .map(|e| e.expect("file").path())
        .find(|p| p.is_file() && p.file_name().is_some_and(|n| n != "extra.bin"))
        .expect("a file in an archive's own folder");
    std::fs::remove_file(removed).expect("remove");
    check(
        &cache,
        &store,
        "a file removed from an archive's own folder",
    );
}

/// Two caches of six (the second a copy) indexed in one store: the temporary folder, the store,
/// and the two caches.
fn two_indexed_caches(prefix: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let (dir, _, store) = scratch_cache(prefix);
    let (live, gone) = (dir.path().join("live"), dir.path().join("gone"));
    install(&live, dir.path(), &["six"]);
    run(Command::new("cp").arg("-a").arg(&live).arg(&gone));
    for cache in [&live, &gone] {
        answers(cache, &store, false);
    }
    (dir, store, live, gone)
}

/// `prune --store` keeps the index sets of caches that exist and every history, names (with
/// the cache's former path) and removes the sets of caches that are gone and the temporary
/// files of writes that died, on a store only the index made; the plugin in nu plans the same.
#[test]
fn prune_of_the_store_keeps_live_indexes_and_histories() {
    let (_dir, store, live, gone) = two_indexed_caches("uvcache-index-store-");
    let history = |cache: &Path| json(uvcache(cache, &store).arg("history"));
    let live_history = history(&live);
    assert!(!live_history.as_array().expect("rows").is_empty());
    std::fs::remove_dir_all(&gone).expect("the cache goes");
    let index = store.join("index-v0");
    let dead = index.join(".tmpdead");
    std::fs::write(&dead, b"cut short").expect("dead temporary");
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&dead)
        .and_then(|f| f.set_modified(hours_ago))
        .expect("age");
    std::fs::write(index.join(".tmpfresh"), b"being written").expect("fresh temporary");
    let files = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&index)
            .expect("index folder")
            .map(|e| e.expect("file").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files();
    let planned = |out: Value| -> Vec<(String, String, String)> {
        out.as_array()
            .expect("items")
            .iter()
            .map(|i| {
                let text = |k: &str| i[k].as_str().unwrap_or_default().to_string();
                (text("path"), text("reason"), text("detail"))
            })
            .collect()
    };
    let mut cli = uvcache_cli();
    cli.env("UVCACHE_STORE_DIR", &store).args([
        "prune",
        "--store",
        "--dry-run",
        "--verbose",
        "--format",
        "json",
    ]);
    let cli_plan = planned(json(&mut cli)["items"].clone());
    let gone_text = gone.display().to_string();
    // The gone cache's set: every file of its stem but the history (index, summary, listing,
    // root record, environments).
    let stem = |n: &str| {
        n.split_once('.')
            .map(|(s, _)| s.to_string())
            .unwrap_or_default()
    };
    let planned_stems: std::collections::BTreeSet<String> = cli_plan
        .iter()
        .filter(|(_, reason, _)| reason == "index_of_gone_cache")
        .map(|(p, ..)| stem(p.trim_start_matches("index-v0/")))
        .collect();
    assert_eq!(planned_stems.len(), 1, "one gone cache: {cli_plan:?}");
    let gone_stem = planned_stems.first().cloned().unwrap_or_default();
    let gone_set: Vec<&String> = before
        .iter()
        .filter(|n| stem(n) == gone_stem && !n.ends_with(".history"))
        .collect();
    for ext in [".idx", ".sum", ".ls", ".root"] {
        assert!(
            gone_set.iter().any(|n| n.ends_with(ext)),
            "{ext}: {gone_set:?}"
        );
    }
    assert_eq!(
        gone_set.len() + 1,
        cli_plan.len(),
        "the set and the dead temporary: {cli_plan:?}"
    );
    for (path, reason, detail) in &cli_plan {
        match reason.as_str() {
            "dead_temporary" => assert_eq!(path, "index-v0/.tmpdead"),
            "index_of_gone_cache" => assert_eq!(detail, &gone_text, "{path}"),
            other => panic!("{path}: {other}"),
        }
    }
    let nu_out = run(Command::new(nu())
        .env("UVCACHE_STORE_DIR", &store)
        .args(["-n", "--no-history", "--plugins"])
        .arg(format!("[{}]", plugin().display()))
        .args([
            "-c",
            "uvcache prune --store --dry-run --verbose | get items | to json",
        ]));
    let nu_plan = planned(serde_json::from_slice(&nu_out.stdout).expect("nu json"));
    assert_eq!(nu_plan, cli_plan, "the plugin plans as the CLI");

    let mut cli = uvcache_cli();
    run(cli
        .env("UVCACHE_STORE_DIR", &store)
        .args(["prune", "--store"]));
    let after = files();
    let removed: Vec<&String> = before.iter().filter(|n| !after.contains(n)).collect();
    assert_eq!(removed.len(), cli_plan.len(), "{removed:?}");
    assert!(
        after.iter().filter(|n| n.ends_with(".history")).count() == 2,
        "{after:?}"
    );
    assert!(after.contains(&".tmpfresh".to_string()));
    assert_eq!(
        history(&live),
        live_history,
        "the live cache's history is whole"
    );
    let (_, exact, _) = answers(&live, &store, false);
    assert!(!exact, "the live cache's index still answers");
}

/// History rows come only when a total changes, and a folder whose times are in the future is
/// judged once: unchanged queries neither add rows nor write the index again.
#[test]
fn unchanged_queries_add_no_history_and_future_times_are_judged_once() {
    let (dir, cache, store) = scratch_cache("uvcache-index-history-");
    install(&cache, dir.path(), &["six"]);
    let future = std::time::SystemTime::now() + std::time::Duration::from_secs(30 * 86_400);
    let bucket = cache.join(bucket("wheels"));
    std::fs::File::open(&bucket)
        .and_then(|f| f.set_modified(future))
        .expect("a bucket modified in the future");
    let rows = || {
        json(uvcache(&cache, &store).arg("history"))
            .as_array()
            .map_or(0, Vec::len)
    };
    let indexed_at = || json(uvcache(&cache, &store).arg("size"))["indexed_at"].clone();
    indexed_at();
    past_racy_window();
    let first = indexed_at();
    let history = rows();
    for _ in 0..5 {
        assert_eq!(indexed_at(), first, "the index is not written again");
    }
    assert_eq!(rows(), history, "no row without a change");
    assert!(history <= 2, "{history} rows for one state of the cache");
    check(&cache, &store, "a bucket in the future");
}

/// `size` and `ls` answer from one state even past the listing's window, after an in-place
/// append to a Simple page (the index's blind spot: both keep the old bytes, `--exact` sees
/// it); `doctor` names the difference and writes nothing (no index, no history row).
#[test]
fn size_and_ls_agree_and_doctor_writes_nothing() {
    let (dir, cache, store) = scratch_cache("uvcache-index-one-state-");
    install(&cache, dir.path(), &["six"]);
    answers(&cache, &store, false);
    past_racy_window();
    let (before, _, rows_before) = answers(&cache, &store, false);
    let page = std::fs::read_dir(&cache)
        .expect("cache")
        .map(|e| e.expect("item").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("simple-v"))
        })
        .map(|simple| simple.join("pypi/six.rkyv"))
        .expect("six's Simple page");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&page)
        .expect("page");
    std::io::Write::write_all(&mut file, &vec![0u8; 300_000]).expect("append in place");
    drop(file);
    // Past the listing's window: answers revalidate down to the pointer files.
    let drop_listing = || {
        for listing in std::fs::read_dir(store.join("index-v0")).expect("index") {
            let listing = listing.expect("file").path();
            if listing.extension().is_some_and(|e| e == "ls") {
                std::fs::remove_file(listing).expect("listing");
            }
        }
    };
    drop_listing();
    let (size, _, rows) = answers(&cache, &store, false);
    assert_eq!(size, before, "size keeps the old total (the blind spot)");
    assert_eq!(rows, rows_before, "ls answers from the same state as size");
    let (_, _, exact_rows) = answers(&cache, &store, true);
    assert_ne!(rows, exact_rows, "--exact sees the append");
    // `--exact` rewrote the index; doctor now compares without writing.
    let index_files = || -> Vec<(String, u64, std::time::SystemTime)> {
        let mut files: Vec<_> = std::fs::read_dir(store.join("index-v0"))
            .expect("index")
            .map(|e| {
                let e = e.expect("file");
                let meta = e.metadata().expect("meta");
                (
                    e.file_name().to_string_lossy().into_owned(),
                    meta.len(),
                    meta.modified().expect("mtime"),
                )
            })
            .collect();
        files.sort();
        files
    };
    drop_listing();
    let written = index_files();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&page)
        .expect("page");
    std::io::Write::write_all(&mut file, b"more").expect("append in place");
    drop(file);
    let rows = json(uvcache(&cache, &store).arg("doctor"));
    let index_row = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["check"] == "index")
        .cloned()
        .expect("an index row");
    assert_eq!(index_row["status"], "warn", "{index_row}");
    assert_eq!(index_files(), written, "doctor wrote nothing");
}

/// `shared` (bytes with other names) stays what a walk says when the environments change: a
/// venv removed, and another made from the warm cache with hard links (no folder of the cache
/// changes in either case).
#[test]
fn shared_follows_the_environments() {
    let (dir, cache, store) = scratch_cache("uvcache-index-shared-");
    install(&cache, dir.path(), &["six", "attrs"]);
    let shared = |venv: &Path, exact: bool| -> u64 {
        let mut cmd = uvcache(&cache, &store);
        cmd.env("VIRTUAL_ENV", venv).arg("ls");
        if exact {
            cmd.arg("--exact");
        }
        json(&mut cmd)
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["shared"].as_u64().unwrap_or(0))
            .sum()
    };
    let venv = dir.path().join("venv");
    let linked = shared(&venv, false);
    assert!(linked > 0, "the venv hard-links the cache");
    assert_eq!(linked, shared(&venv, true));
    past_racy_window();
    shared(&venv, false);

    std::fs::remove_dir_all(&venv).expect("the venv goes");
    assert_eq!(shared(&venv, false), 0, "no other names left");
    assert_eq!(shared(&venv, true), 0);
    past_racy_window();
    shared(&venv, false);

    let other = dir.path().join("other");
    run(uv_cmd(&cache, dir.path())
        .args(["venv", "-q", "-p", "python3"])
        .arg(&other));
    run(uv_cmd(&cache, dir.path()).env("VIRTUAL_ENV", &other).args([
        "pip",
        "install",
        "-q",
        "--offline",
        "six",
    ]));
    let from_index = shared(&other, false);
    assert!(from_index > 0, "six is linked again");
    assert_eq!(from_index, shared(&other, true), "index and walk");
}

/// Rounds of random real uv operations, each followed by a check (seeded: the same rounds
/// on every run); every fourth round waits until the index is older than the racy window.
#[test]
fn random_rounds_of_uv_and_queries_agree_with_walks() {
    let (dir, cache, store) = scratch_cache("uvcache-index-random-");
    let packages = ["idna", "six", "iniconfig", "tomli", "packaging", "pluggy"];
    let mut seed: u64 = 0x5eed_1de7;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n) as usize
    };
    install(&cache, dir.path(), &["idna"]);
    for round in 0..20 {
        if round % 4 == 3 {
            // Out of the racy window: the change must show in the stamps themselves.
            past_racy_window();
        }
        let package = packages[next(packages.len() as u64)];
        let what = match next(4) {
            0 => {
                install(&cache, dir.path(), &[package]);
                format!("install {package}")
            }
            1 => {
                install(&cache, dir.path(), &["--no-binary", package, package]);
                format!("build {package}")
            }
            2 => {
                run(uv_cmd(&cache, dir.path()).args(["cache", "clean", package]));
                format!("clean {package}")
            }
            _ => {
                run(uv_cmd(&cache, dir.path()).args(["cache", "prune"]));
                "prune".to_string()
            }
        };
        check(&cache, &store, &format!("round {round}: {what}"));
    }
}

/// What no stamp shows: a file hard-linked from the cache into an environment (uv's default
/// link mode here) and edited in place there. `doctor` compares the index with a walk and
/// names the entry; `--exact` rewrites the index, after which they agree again.
#[test]
fn doctor_names_what_the_index_cannot_see() {
    let (dir, cache, store) = scratch_cache("uvcache-index-doctor-");
    install(&cache, dir.path(), &["six"]);
    answers(&cache, &store, false);
    // Once the cache is older than the racy window, an index written then trusts the stamps.
    past_racy_window();
    answers(&cache, &store, false);
    let installed = std::fs::read_dir(dir.path().join("venv/lib"))
        .expect("lib")
        .flatten()
        .map(|e| e.path().join("site-packages/six.py"))
        .next()
        .expect("six.py");
    use std::os::unix::fs::MetadataExt;
    assert!(
        std::fs::metadata(&installed).expect("six.py").nlink() > 1,
        "uv hard-linked six.py from the cache"
    );
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&installed)
        .expect("open");
    std::io::Write::write_all(&mut file, &vec![b'#'; 20_000]).expect("edit in place");
    drop(file);
    let doctor = |cache: &Path| -> Value {
        let rows = json(uvcache(cache, &store).arg("doctor"));
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["check"] == "index")
            .cloned()
            .expect("an index row")
    };
    let row = doctor(&cache);
    assert_eq!(row["status"], "warn", "{row}");
    assert!(
        row["detail"]
            .as_str()
            .is_some_and(|d| d.contains("archive-v0/")),
        "{row}"
    );
    answers(&cache, &store, true);
    let row = doctor(&cache);
    assert_eq!(row["status"], "ok", "{row}");
}

/// Each index write is a point of the history: `history` returns them with the totals `size`
/// answered, and the CLI draws them into an SVG or a PNG file.
#[test]
fn history_records_each_index_write_and_plots_it() {
    let (dir, cache, store) = scratch_cache("uvcache-index-history-");
    let mut totals = Vec::new();
    for package in ["six", "idna", "iniconfig"] {
        install(&cache, dir.path(), &[package]);
        let size = json(uvcache(&cache, &store).arg("size"));
        totals.push(size["total"].as_u64().expect("total"));
    }
    let rows = json(uvcache(&cache, &store).arg("history"));
    let recorded: Vec<u64> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["total"].as_u64().expect("total"))
        .collect();
    assert_eq!(recorded, totals, "{rows}");
    let last = &rows[2];
    assert!(last["archive-v0"].as_u64().is_some_and(|b| b > 0), "{last}");
    assert!(
        last["packages"]
            .as_array()
            .is_some_and(|p| p.iter().any(|r| r["package"] == "idna")),
        "{last}"
    );
    let svg = dir.path().join("history.svg");
    run(uvcache(&cache, &store)
        .args(["history", "--plot"])
        .arg(&svg));
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        text.starts_with("<svg") && text.contains("<polyline") && text.contains("total"),
        "{}",
        &text[..text.len().min(300)]
    );
    // PNG too: a real image (signature, header chunk, 960 x 540 RGB), not an empty file.
    let png = dir.path().join("history.png");
    run(uvcache(&cache, &store)
        .args(["history", "--plot"])
        .arg(&png));
    let bytes = std::fs::read(&png).expect("png");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x03\xc0\0\0\x02\x1c\x08\x02")
            && bytes.len() > 4096,
        "{} bytes: {:?}",
        bytes.len(),
        &bytes[..bytes.len().min(32)]
    );
    // The terminal chart, in human output.
    let mut human = uvcache_cli();
    let out = run(human
        .env("UVCACHE_STORE_DIR", &store)
        .env("UVCACHE_UV_VERSION", "0.13.9")
        .arg("--cache-dir")
        .arg(&cache)
        .arg("history"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("total ") && text.contains("3 points"),
        "{text}"
    );
}

/// A preview never changes the real run: with everything of an sdist last used (and written) on
/// 2026-08-01, two `prune --older-than 30day --dry-run` in a row (exact, and from the index)
/// give the same decisions and last use, and evict the sdist; so does `ls` in between.
#[test]
fn two_dry_runs_in_a_row_decide_alike() {
    let (dir, cache, store) = scratch_cache("uvcache-index-dry-runs-");
    install(&cache, dir.path(), &["--no-binary", "tomli", "tomli"]);
    let sdists = cache.join(bucket("sdists"));
    // Files, folders and links (`touch -h`): each one's times, deepest first.
    run(Command::new("find").arg(sdists.join("pypi/tomli")).args([
        "-depth",
        "-exec",
        "touch",
        "-h",
        "-d",
        "2026-08-01",
        "{}",
        "+",
    ]));
    let decisions = |exact: bool| -> Vec<String> {
        let mut cmd = uvcache(&cache, &store);
        cmd.args(["prune", "--older-than", "30day", "--dry-run"]);
        if exact {
            cmd.arg("--exact");
        }
        let out = json(&mut cmd);
        out["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .map(|d| {
                format!(
                    // The reason names the cutoff, which moves with the clock.
                    "{} {} {}",
                    d["entry"], d["last_use"], d["decision"]
                )
            })
            .collect()
    };
    let first = decisions(true);
    let evicted: Vec<&String> = first
        .iter()
        .filter(|d| d.contains("sdists-v") && d.contains("\"evict\""))
        .collect();
    assert!(!evicted.is_empty(), "the aged sdist is evicted: {first:#?}");
    assert_eq!(
        decisions(true),
        first,
        "a second exact preview decides alike"
    );
    json(uvcache(&cache, &store).arg("ls"));
    assert_eq!(
        decisions(false),
        first,
        "from the index, after an ls, alike"
    );
}

/// `ls --store` shows the store's indexes one row per cache (kind `index_set`), each naming its
/// cache's path; the index of a cache that is gone is `dangling`. In nu as in the CLI.
#[test]
fn the_stores_indexes_are_listed_one_per_cache() {
    let (_dir, store, live, gone) = two_indexed_caches("uvcache-index-sets-");
    std::fs::remove_dir_all(&gone).expect("the cache goes");
    let rows = |out: Value| -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = out
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["kind"] == "index_set")
            .map(|r| {
                (
                    r["references"][0].as_str().unwrap_or_default().to_string(),
                    r["status"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    let mut cli = uvcache_cli();
    cli.env("UVCACHE_STORE_DIR", &store)
        .args(["ls", "--store", "--format", "json"]);
    let listed = rows(json(&mut cli));
    let (gone_text, live_text) = (gone.display().to_string(), live.display().to_string());
    assert_eq!(
        listed,
        vec![(gone_text, "dangling".into()), (live_text, "live".into())]
    );
    let nu_out = run(Command::new(nu())
        .env("UVCACHE_STORE_DIR", &store)
        .args(["-n", "--no-history", "--plugins"])
        .arg(format!("[{}]", plugin().display()))
        .args(["-c", "uvcache ls --store | to json"]));
    let from_nu = rows(serde_json::from_slice(&nu_out.stdout).expect("nu json"));
    assert_eq!(from_nu, listed, "nu lists as the CLI");
}
