//! The `uvcache` CLI as a process, on real caches filled by real uv 0.13.8: human and JSON
//! output, exit codes, `prune --auto`, and the checked-in completion scripts in real bash and
//! real nu 0.115.1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use uvcache_e2e::{RealCache, bucket, nu, run, uv_cache_size, uv_cmd, uvcache_cli};

/// `uvcache ARGS` in `cwd` with a clean environment (HOME and the state dir under `home`).
fn uvcache(cwd: &Path, home: &Path, args: &[&str]) -> Output {
    uvcache_cli()
        .current_dir(cwd)
        .env_clear()
        .env("PATH", uvcache_e2e::test_path())
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("UV_NO_CONFIG", "1")
        .args(args)
        .output()
        .expect("run uvcache")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(code(out), 0, "{}", stderr(out));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn home(name: &str) -> PathBuf {
    let dir = RealCache::get().dir.join(format!("home-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("home");
    dir
}

#[test]
fn size_ls_dir_agree_with_uv_in_human_and_json() {
    let real = RealCache::get();
    let cache = real.copy("cli-read");
    let home = home("read");
    let c = cache.to_str().expect("utf-8 path");
    let uv_size = uv_cache_size(&cache);

    let size = json(&uvcache(
        &real.dir,
        &home,
        &["size", "--cache-dir", c, "--format", "json"],
    ));
    assert_eq!(size["total"], uv_size, "{size}");
    assert_eq!(size["path"], c);
    let buckets = size["buckets"].as_array().expect("bucket rows");
    let sum: u64 = buckets
        .iter()
        .map(|b| b["size"].as_u64().expect("bytes"))
        .sum();
    assert_eq!(sum, uv_size, "bucket rows add up to the total");

    let human = uvcache(&real.dir, &home, &["size", "--cache-dir", c]);
    assert_eq!(code(&human), 0);
    let total_line = format!("total  {}", uvcache::text::human_bytes(uv_size));
    assert!(
        stdout(&human).lines().next() == Some(total_line.as_str()),
        "{}",
        stdout(&human)
    );
    assert!(
        stdout(&human).contains(&bucket("wheels")),
        "{}",
        stdout(&human)
    );

    // ndjson streams one row per line; json is the same rows as one array.
    let nd = uvcache(
        &real.dir,
        &home,
        &["ls", "--cache-dir", c, "--format", "ndjson"],
    );
    assert_eq!(code(&nd), 0, "{}", stderr(&nd));
    let rows: Vec<serde_json::Value> = stdout(&nd)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON row per line"))
        .collect();
    let all = json(&uvcache(
        &real.dir,
        &home,
        &["ls", "--cache-dir", c, "--format", "json"],
    ));
    assert_eq!(all.as_array().map(Vec::len), Some(rows.len()));
    assert!(
        rows.iter()
            .any(|r| r["package"] == "six" && r["kind"] == "registry_wheel")
    );
    let six = json(&uvcache(
        &real.dir,
        &home,
        &[
            "ls",
            "--cache-dir",
            c,
            "--format",
            "json",
            "--package",
            "SIX",
        ],
    ));
    let six = six.as_array().expect("rows");
    assert!(!six.is_empty() && six.iter().all(|r| r["package"] == "six"));
    assert!(
        six[0]["last_use"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "RFC 3339 dates"
    );

    // Human ls: a header and aligned rows.
    let table = stdout(&uvcache(&real.dir, &home, &["ls", "--cache-dir", c]));
    let header = table.lines().next().expect("header");
    assert!(
        header.starts_with("package") && header.contains("size"),
        "{header}"
    );

    // dir prints the path as `uv cache dir` does; UV_CACHE_DIR decides like for uv.
    let dir = uvcache_cli()
        .current_dir(&real.dir)
        .env_clear()
        .env("HOME", &home)
        .env("UV_CACHE_DIR", &cache)
        .arg("dir")
        .output()
        .expect("run");
    let uv_dir = run(uv_cmd(&cache, &real.dir).args(["cache", "dir"]));
    assert_eq!(stdout(&dir).trim(), stdout(&uv_dir).trim());
}

#[test]
fn removal_output_matches_uv_and_exit_codes_mean_something() {
    let real = RealCache::get();
    let home = home("remove");
    let ours = real.copy("cli-clean-ours");
    let theirs = real.copy("cli-clean-uv");
    let c = ours.to_str().expect("utf-8 path");

    // Dry run: uv's summary, conditional, and nothing removed.
    let before = uvcache_e2e::tree(&ours);
    let dry = uvcache(
        &real.dir,
        &home,
        &["clean", "six", "--dry-run", "--cache-dir", c],
    );
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("Would have removed"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(uvcache_e2e::tree(&ours), before);

    // The summary line is uv's, byte for byte.
    let out = uvcache(&real.dir, &home, &["clean", "six", "--cache-dir", c]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let uv = run(uv_cmd(&theirs, &real.dir).args(["cache", "clean", "six"]));
    let uv_line = stderr(&uv)
        .lines()
        .find(|l| l.starts_with("Removed"))
        .expect("uv's summary")
        .to_string();
    assert_eq!(stdout(&out).trim(), uv_line);
    assert_eq!(uvcache_e2e::tree(&ours), uvcache_e2e::tree(&theirs));

    // JSON summary of the same operation on nothing left.
    let again = json(&uvcache(
        &real.dir,
        &home,
        &["clean", "six", "--cache-dir", c, "--format", "json"],
    ));
    assert_eq!(again["files"], 0);
    assert_eq!(again["operation"], "clean_packages");

    // Usage errors exit 2 and name what is wrong.
    let bad_bucket = uvcache(
        &real.dir,
        &home,
        &["ls", "--bucket", "wheelz", "--cache-dir", c],
    );
    assert_eq!(code(&bad_bucket), 2);
    assert!(stderr(&bad_bucket).contains("wheelz"));
    let bad_size = uvcache(
        &real.dir,
        &home,
        &["prune", "--max-size", "-1", "--cache-dir", c],
    );
    assert_eq!(code(&bad_size), 2);
    assert!(
        stderr(&bad_size).contains("--max-size"),
        "{}",
        stderr(&bad_size)
    );
    let bad_name = uvcache(&real.dir, &home, &["clean", "six", "a/b", "--cache-dir", c]);
    assert_eq!(code(&bad_name), 2);
    assert!(
        stderr(&bad_name).contains("argument 2"),
        "{}",
        stderr(&bad_name)
    );

    // A directory that is not a uv cache is refused (exit 2) and left alone.
    let not_cache = real.dir.join("cli-not-a-cache");
    std::fs::create_dir_all(&not_cache).expect("dir");
    std::fs::write(not_cache.join("thesis.tex"), b"precious").expect("file");
    let refused = uvcache(
        &real.dir,
        &home,
        &["clean", "--cache-dir", not_cache.to_str().expect("utf-8")],
    );
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("Not a uv cache"),
        "{}",
        stderr(&refused)
    );
    assert!(not_cache.join("thesis.tex").exists());

    // Lock busy past UV_LOCK_TIMEOUT: exit 3, nothing removed.
    let lock = uvcache::cache::lock::acquire(
        &ours,
        uvcache::cache::lock::LockMode::Shared,
        Duration::ZERO,
        false,
        &|| {},
    )
    .expect("shared lock");
    let busy = uvcache_cli()
        .current_dir(&real.dir)
        .env_clear()
        .env("HOME", &home)
        .env("UV_LOCK_TIMEOUT", "1")
        .args(["clean", "--cache-dir", c])
        .output()
        .expect("run");
    drop(lock);
    assert_eq!(code(&busy), 3, "{}", stderr(&busy));
    assert!(
        stderr(&busy).contains("UV_LOCK_TIMEOUT"),
        "{}",
        stderr(&busy)
    );
    assert!(ours.join(bucket("wheels")).exists());

    // doctor: 0 on a healthy cache, 1 when a check fails.
    let doctor = json(&uvcache(
        &real.dir,
        &home,
        &["doctor", "--cache-dir", c, "--format", "json"],
    ));
    let checks = doctor.as_array().expect("rows");
    assert!(
        checks
            .iter()
            .any(|r| r["check"] == "markers" && r["status"] == "ok")
    );
    assert!(checks.iter().all(|r| r["status"] != "error"), "{doctor}");
    let file = real.dir.join("cli-a-file");
    std::fs::write(&file, b"x").expect("file");
    let broken = uvcache(
        &real.dir,
        &home,
        &["doctor", "--cache-dir", file.to_str().expect("utf-8")],
    );
    assert_eq!(code(&broken), 1, "{}", stdout(&broken));
    assert!(
        stdout(&broken).contains("not a directory"),
        "{}",
        stdout(&broken)
    );
}

/// Adds what a prune removes: an outdated bucket.
fn add_junk(cache: &Path) {
    let path = cache.join("wheels-v6/pypi/six/1.0-py3-none-any.http");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, b"old").expect("junk");
}

#[test]
fn prune_auto_runs_once_per_interval_and_skips_while_uv_is_busy() {
    let real = RealCache::get();
    let home = home("auto");
    let cache = real.copy("cli-auto");
    let c = cache.to_str().expect("utf-8 path");
    add_junk(&cache);

    // uv holds the cache (shared lock, as `uv run` does): skipped silently, no state recorded.
    let lock = uvcache::cache::lock::acquire(
        &cache,
        uvcache::cache::lock::LockMode::Shared,
        Duration::ZERO,
        false,
        &|| {},
    )
    .expect("shared lock");
    let busy = uvcache(&real.dir, &home, &["prune", "--auto", "--cache-dir", c]);
    drop(lock);
    assert_eq!(code(&busy), 0, "{}", stderr(&busy));
    assert_eq!(stdout(&busy), "");
    assert_eq!(stderr(&busy), "", "no waiting message either");
    assert!(cache.join("wheels-v6").exists());
    assert!(!home.join("state/uvcache").exists());

    // First real run prunes and says so.
    let first = uvcache(&real.dir, &home, &["prune", "--auto", "--cache-dir", c]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert!(stdout(&first).starts_with("Removed"), "{}", stdout(&first));
    assert!(!cache.join("wheels-v6").exists());

    // Second run within the interval: nothing, even with something to prune.
    add_junk(&cache);
    let second = uvcache(&real.dir, &home, &["prune", "--auto", "--cache-dir", c]);
    assert_eq!(code(&second), 0);
    assert_eq!(stdout(&second), "");
    assert!(cache.join("wheels-v6").exists());
    let why = json(&uvcache(
        &real.dir,
        &home,
        &["prune", "--auto", "--cache-dir", c, "--format", "json"],
    ));
    assert_eq!(why["skipped"], "ran recently");

    // A run with nothing to remove prints nothing; a zero interval always runs.
    let zero = uvcache(
        &real.dir,
        &home,
        &["prune", "--auto", "--interval", "0s", "--cache-dir", c],
    );
    assert!(stdout(&zero).starts_with("Removed"), "{}", stdout(&zero));
    let quiet = uvcache(
        &real.dir,
        &home,
        &["prune", "--auto", "--interval", "0s", "--cache-dir", c],
    );
    assert_eq!((code(&quiet), stdout(&quiet).as_str()), (0, ""));

    // The state lives outside the cache root, and uv still installs from the cache.
    assert!(
        std::fs::read_dir(home.join("state/uvcache"))
            .expect("state dir")
            .count()
            == 1
    );
    let venv = real.dir.join("cli-auto-venv");
    run(uv_cmd(&cache, &real.dir).args(["venv", "-q"]).arg(&venv));
    run(uv_cmd(&cache, &real.dir).env("VIRTUAL_ENV", &venv).args([
        "pip",
        "install",
        "--offline",
        "-q",
        "six",
    ]));
}

#[test]
fn bash_completion_offers_subcommands_and_values() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions/uvcache.bash");
    let complete = |words: &str, cword: usize| -> String {
        let out = run(Command::new("bash").arg("-c").arg(format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD={cword}; \
             _uvcache uvcache \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        )));
        stdout(&out)
    };
    let top = complete("uvcache ''", 1);
    for sub in [
        "dir",
        "config",
        "ls",
        "size",
        "clean",
        "prune",
        "policy",
        "doctor",
        "completions",
    ] {
        assert!(top.lines().any(|l| l == sub), "{sub} missing from {top}");
    }
    let buckets = complete("uvcache ls --bucket ''", 3);
    assert!(buckets.lines().any(|l| l == "wheels"), "{buckets}");
    let prune = complete("uvcache prune --''", 2);
    assert!(prune.lines().any(|l| l == "--auto"), "{prune}");
}

#[test]
fn nushell_module_loads_and_offers_subcommands() {
    let module = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions/uvcache.nu");
    let dir = RealCache::get().dir.join("cli-nu-complete");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("complete.nu");
    let text = format!("use '{}' *\nuvcache ", module.display());
    std::fs::write(&file, &text).expect("script");
    let out = run(Command::new(nu())
        .arg("-n")
        .arg("--ide-complete")
        .arg(text.len().to_string())
        .arg(&file));
    let completions: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("ide-complete JSON");
    let offered: Vec<&str> = completions["completions"]
        .as_array()
        .expect("completions")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    for sub in [
        "uvcache prune",
        "uvcache ls",
        "uvcache doctor",
        "uvcache policy check",
    ] {
        assert!(offered.contains(&sub), "{sub} missing from {offered:?}");
    }
    // The module also parses as a whole in real nu.
    run(Command::new(nu()).arg("-n").arg("-c").arg(format!(
        "use '{}' *; scope externs | where name =~ '^uvcache' | length",
        module.display()
    )));
}

/// ctrl-c while `prune` takes its inventory (a walk of 40k files, one thread) stops it at once: exit 130,
/// "Interrupted", nothing removed, and the next prune runs (uv's lock was let go).
#[test]
fn ctrl_c_during_the_inventory_of_a_prune_removes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path();
    let cache = dir.join("cache");
    uvcache_e2e::synth::generate(&cache, &uvcache_e2e::synth::Spec::with_files(40_000))
        .expect("synthetic cache");
    // Something for prune to remove: an outdated bucket.
    std::fs::create_dir_all(cache.join("wheels-v1/pypi/old")).expect("outdated bucket");
    let count = || {
        let out = uvcache_e2e::run(std::process::Command::new("find").arg(&cache));
        out.stdout.iter().filter(|b| **b == b'\n').count()
    };
    let before = count();
    let store = dir.join("store");
    let child = uvcache_e2e::uvcache_cli()
        .env("UVCACHE_STORE_DIR", &store)
        .args(["prune", "--exact", "--threads", "1", "--cache-dir"])
        .arg(&cache)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("uvcache prune");
    // Once its handler is in place (SIGINT caught, as /proc says), and a little later: inside
    // the walk, whatever the machine's load.
    let caught = || {
        std::fs::read_to_string(format!("/proc/{}/status", child.id()))
            .ok()
            .and_then(|status| {
                let mask = status.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
                u64::from_str_radix(mask.trim(), 16).ok()
            })
            .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
    };
    let started = std::time::Instant::now();
    while !caught() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    uvcache_e2e::run(std::process::Command::new("kill").args(["-INT", &child.id().to_string()]));
    let signalled = std::time::Instant::now();
    let out = child.wait_with_output().expect("prune exits");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{said}");
    assert!(said.contains("nterrupted"), "{said}");
    assert!(
        signalled.elapsed() < std::time::Duration::from_secs(1),
        "took {:?}",
        signalled.elapsed()
    );
    assert_eq!(count(), before, "nothing was removed");
    uvcache_e2e::run(
        uvcache_e2e::uvcache_cli()
            .env("UVCACHE_STORE_DIR", &store)
            .args(["prune", "--cache-dir"])
            .arg(&cache),
    );
    assert!(!cache.join("wheels-v1").exists(), "the next prune ran");
}
