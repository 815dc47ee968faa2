//! Sharing built wheels through real object stores started here on 127.0.0.1: nginx with
//! WebDAV and Garage (S3). A cache where real uv 0.13.9 built tomli, packaging and flit-core
//! from source pushes them; fresh caches pull them, and uv then installs without building,
//! while a control cache without the pull builds. Also: two caches pushing at once, a pull
//! waiting for uv's lock (and a pull killed while waiting), a server that dies mid-transfer, a
//! tampered object and a tampered manifest, and a remote pruned by age and by size budget.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;
use uvcache_e2e::servers::{DyingRelay, Garage, Nginx};
use uvcache_e2e::{
    assert_says, fresh_venv, nu_ok, offline_install, run, scratch, uv_cmd, uvcache_cli,
};

/// The packages built from source in the source cache.
const BUILT: [&str; 3] = ["flit-core", "packaging", "tomli"];

/// A cache where uv built [`BUILT`] from their sdists (built once per test binary).
fn source_cache() -> &'static Path {
    static SOURCE: OnceLock<PathBuf> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let dir = uvcache_e2e::scratch("source");
        let cache = dir.join("cache");
        let venv = dir.join("venv");
        run(uv_cmd(&cache, &dir)
            .args(["venv", "-q", "-p", "python3"])
            .arg(&venv));
        run(uv_cmd(&cache, &dir)
            .env("VIRTUAL_ENV", &venv)
            .args(["pip", "install", "-q", "--no-binary", ":all:"])
            .args(BUILT));
        cache
    })
}

/// A fresh folder, and a copy of the source cache in it when asked.
fn world(with_source: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("uvcache-remote-")
        .tempdir()
        .expect("temp dir");
    let cache = dir.path().join("cache");
    if with_source {
        run(Command::new("cp").arg("-a").arg(source_cache()).arg(&cache));
    }
    (dir, cache)
}

/// The key the tests' trusted runner signs with, made by `uvcache remote keygen` once per run:
/// its file and its public key.
fn runner_key() -> &'static (PathBuf, String) {
    static KEY: OnceLock<(PathBuf, String)> = OnceLock::new();
    KEY.get_or_init(|| {
        let file = scratch("keys").join("ci-main.secret");
        let out = run(uvcache_cli()
            .args([
                "remote", "keygen", "ci-main", "--format", "json", "--output",
            ])
            .arg(&file));
        let made = json(&out);
        assert_eq!(made["file"], Value::from(file.to_string_lossy().as_ref()));
        (
            file,
            made["public_key"].as_str().expect("public key").to_string(),
        )
    })
}

/// What a trusted CI runner has: the signing key's file, and its public key trusted.
fn trusted_runner() -> Vec<(String, String)> {
    let (file, public) = runner_key();
    vec![
        (
            "UVCACHE_SIGNING_KEY_FILE".into(),
            file.to_string_lossy().into_owned(),
        ),
        ("UVCACHE_TRUSTED_KEYS".into(), public.clone()),
    ]
}

/// The CLI on `cache`, in a clean environment plus `envs`, answering in JSON. It runs as a
/// trusted runner ([`trusted_runner`]) unless `envs` says otherwise.
fn uvcache(cache: &Path, envs: &[(String, String)]) -> Command {
    let mut cmd = uvcache_cli();
    let home = cache.parent().unwrap_or(cache);
    cmd.env_clear()
        .env("PATH", uvcache_e2e::test_path())
        .env("HOME", home)
        .env("USER", "tester")
        .env("UVCACHE_UV_VERSION", "0.13.9")
        .envs(trusted_runner())
        .current_dir(home)
        .envs(envs.iter().cloned())
        .arg("--cache-dir")
        .arg(cache)
        .args(["--format", "json"]);
    cmd
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn ok(cmd: &mut Command) -> Value {
    json(&run(cmd))
}

fn int(v: &Value, key: &str) -> i64 {
    v[key]
        .as_i64()
        .unwrap_or_else(|| panic!("no integer `{key}` in {v}"))
}

/// Installs `package` from its sdist into a fresh venv with `cache`; true if uv built it.
fn install_builds(cache: &Path, work: &Path, package: &str) -> bool {
    let venv = fresh_venv(cache, work, &[]);
    let out = run(uv_cmd(cache, work).env("VIRTUAL_ENV", venv.path()).args([
        "pip",
        "install",
        "--no-binary",
        package,
        package,
    ]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("+ {package}==")), "{stderr}");
    stderr.contains("Built ")
}

/// nginx WebDAV, a world whose cache built wheels, and that cache pushed (with `args`) to the
/// remote at `prefix`: the server, the world, the pushed cache, the remote's URL.
fn pushed_to_webdav(prefix: &str, args: &[&str]) -> (Nginx, tempfile::TempDir, PathBuf, String) {
    let nginx = Nginx::start();
    let (dir, source) = world(true);
    let url = nginx.url(prefix);
    ok(uvcache(&source, &[]).args(["push", &url]).args(args));
    (nginx, dir, source, url)
}

/// Both real stores (nginx WebDAV, Garage S3) and a world whose cache built wheels.
fn both_stores_and_world() -> (Nginx, Garage, tempfile::TempDir, PathBuf) {
    let nginx = Nginx::start();
    let garage = Garage::start();
    let (dir, source) = world(true);
    (nginx, garage, dir, source)
}

/// Every manifest file under a WebDAV server's folder.
fn manifests(root: &Path, prefix: &str) -> Vec<PathBuf> {
    let dir = root.join(prefix).join("uvcache-remote-v1/manifests");
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn built_wheels_travel_through_webdav_and_s3_and_uv_does_not_rebuild() {
    let (nginx, garage, dir, source) = both_stores_and_world();
    for (url, env) in [
        (nginx.url("team/uv"), Vec::new()),
        (garage.url("team/uv"), garage.env()),
    ] {
        let first = ok(uvcache(&source, &env).args(["push", &url]));
        assert_eq!(int(&first, "pushed"), 3, "{first}");
        assert!(int(&first, "bytes_sent") > 0);
        let packages: Vec<&str> = first["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| e["package"].as_str().expect("package"))
            .collect();
        assert_eq!(packages, BUILT, "only the wheels built from source go");
        // Unchanged entries: nothing is sent again.
        let second = ok(uvcache(&source, &env).args(["push", &url]));
        assert_eq!((int(&second, "pushed"), int(&second, "present")), (0, 3));
        assert_eq!(
            (int(&second, "objects_sent"), int(&second, "bytes_sent")),
            (0, 0)
        );
        assert_eq!(
            int(&second, "bytes_skipped"),
            int(&first, "entry_bytes"),
            "{second}"
        );
        // Wheels' Python sources rest compressed: well under the entries' bytes.
        let (stored, entries) = (int(&first, "bytes_stored"), int(&first, "entry_bytes"));
        eprintln!(
            "{url}: stored {stored} of {entries} bytes ({:.2})",
            stored as f64 / entries as f64
        );
        assert!(stored > 0 && stored * 10 < entries * 6, "{first}");
    }
    // Pushing read the cache only: uv still installs from it offline.
    offline_install(&source, dir.path(), &["--no-binary", "tomli", "tomli"])
        .expect("offline install from the pushing cache");

    // WebDAV, through the CLI.
    let pulled = dir.path().join("pulled-webdav");
    let out = ok(uvcache(&pulled, &[]).args(["pull", &nginx.url("team/uv")]));
    assert_eq!(int(&out, "pulled"), 3, "{out}");
    assert!(
        !install_builds(&pulled, dir.path(), "tomli"),
        "uv rebuilt a pulled wheel"
    );
    assert!(!install_builds(&pulled, dir.path(), "packaging"));
    let control = dir.path().join("control");
    assert!(
        install_builds(&control, dir.path(), "tomli"),
        "the control cache must build"
    );

    // S3, through the plugin in real nu.
    let mut owned = garage.env();
    owned.extend(trusted_runner());
    let env: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let s3_pulled = dir.path().join("pulled-s3");
    let url = garage.url("team/uv");
    let script = format!(
        "let r = uvcache pull {url} --cache-dir {c} --uv-version 0.13.9; \
         [$r.pulled ($r.bytes_received | describe) (uvcache remote ls {url} --uv-version 0.13.9 | where package == tomli | get 0.size | describe) (uvcache remote ls {url} --uv-version 0.13.9 | where usable | length)] | to json -r",
        c = s3_pulled.display()
    );
    assert_eq!(
        nu_ok(dir.path(), &env, &script),
        r#"[3,"filesize","filesize",3]"#
    );
    assert!(!install_builds(&s3_pulled, dir.path(), "tomli"));
    // A second pull finds everything present and writes nothing.
    let again = ok(uvcache(&s3_pulled, &garage.env()).args(["pull", &url]));
    assert_eq!((int(&again, "pulled"), int(&again, "present")), (0, 3));
}

#[test]
fn two_caches_pushing_the_same_entries_at_once_leave_one_manifest_each() {
    let garage = Garage::start();
    let (dir, one) = world(true);
    let two = dir.path().join("two");
    run(Command::new("cp").arg("-a").arg(&one).arg(&two));
    let url = garage.url("shared");
    let spawn = |cache: &Path| {
        uvcache(cache, &garage.env())
            .args(["push", &url])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn push")
    };
    let (a, b) = (spawn(&one), spawn(&two));
    for child in [a, b] {
        let out = child.wait_with_output().expect("push");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let listed = ok(uvcache(&one, &garage.env()).args(["remote", "ls", &url]));
    let rows = listed.as_array().expect("rows");
    assert_eq!(rows.len(), 3, "identical content is one manifest: {listed}");
    let pulled = dir.path().join("pulled");
    let out = ok(uvcache(&pulled, &garage.env()).args(["pull", &url]));
    assert_eq!(int(&out, "pulled"), 3);
    assert!(!install_builds(&pulled, dir.path(), "flit-core"));
}

#[test]
fn a_pull_waits_for_uv_and_a_killed_pull_leaves_nothing_half_visible() {
    let (_nginx, dir, _source, url) = pushed_to_webdav("lock", &[]);
    let cache = dir.path().join("b");
    std::fs::create_dir_all(&cache).expect("cache dir");
    // Whether someone holds uv's lock (an exclusive try fails).
    let held = |cache: &Path| {
        let file = std::fs::File::open(cache.join(".lock")).expect("lock file");
        let free = file.try_lock().is_ok();
        free.then(|| file.unlock());
        !free
    };
    // A pull killed while it waits for uv's lock: its staged files never become entries.
    let holder = std::fs::File::create(cache.join(".lock")).expect("lock file");
    holder.lock_shared().expect("hold the lock");
    let mut waiting = uvcache(&cache, &[])
        .args(["pull", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pull");
    let stage = loop {
        let staged = std::fs::read_dir(&cache)
            .expect("cache")
            .flatten()
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".tmp-uvcache-pull-")
            });
        if let Some(stage) = staged
            && uvcache_e2e::tree(&stage.path()).contains("archive-v0")
        {
            break stage.path();
        }
        assert!(
            waiting.try_wait().expect("pull").is_none(),
            "the pull did not wait"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        waiting.try_wait().expect("pull").is_none(),
        "the pull did not wait for the lock"
    );
    let _ = waiting.kill();
    let _ = waiting.wait();
    drop(holder);
    let names: Vec<String> = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".tmp-uvcache-pull-"))
        .collect();
    assert_eq!(names, [".lock"], "nothing but the lock and the stage");

    // uv holds the lock shared while it runs: the pull stages, waits, and lands after it.
    let mut uv = uv_cmd(&cache, dir.path())
        .args(["run", "--no-project", "-p", "python3", "python", "-c"])
        .arg("import time; time.sleep(3)")
        .spawn()
        .expect("uv run");
    while !held(&cache) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = ok(uvcache(&cache, &[]).args(["pull", &url]));
    assert!(
        uv.try_wait().expect("uv").is_some(),
        "the pull finished while uv still held the lock"
    );
    assert!(uv.wait().expect("uv").success());
    assert_eq!(int(&out, "pulled"), 3);
    assert!(!stage.exists(), "the killed pull's stage was collected");
    assert!(
        !uvcache_e2e::tree(&cache).contains(".tmp-uvcache"),
        "no stage is left"
    );
    assert!(!install_builds(&cache, dir.path(), "tomli"));
}

#[test]
fn a_server_that_dies_mid_transfer_leaves_nothing_half_visible() {
    let nginx = Nginx::start();
    let (dir, source) = world(true);
    // Push through a relay that dies after 60 kB: some objects land, no manifest whose
    // objects are missing does.
    let relay = DyingRelay::start(nginx.port, 60_000);
    let through = format!("webdav+http://127.0.0.1:{}/dies", relay.port);
    let out = uvcache(&source, &[])
        .args(["push", &through])
        .output()
        .expect("push");
    assert!(
        relay.died(),
        "the relay passed only {} bytes",
        relay.passed()
    );
    assert!(!out.status.success(), "a push to a dead server must fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("remote"), "{stderr}");
    let objects = nginx.root().join("dies/uvcache-remote-v1/objects");
    for manifest in manifests(&nginx.root(), "dies") {
        let m: Value = serde_json::from_slice(&std::fs::read(&manifest).expect("manifest"))
            .expect("manifest json");
        for file in m["files"].as_array().expect("files") {
            if let Some(hash) = file["sha256"].as_str() {
                assert!(
                    objects.join(hash).is_file(),
                    "{} names a missing object",
                    manifest.display()
                );
            }
        }
    }
    // Again, straight to the server: only what is missing is sent.
    let direct = nginx.url("dies");
    let before = std::fs::read_dir(&objects).map(|d| d.count()).unwrap_or(0);
    let again = ok(uvcache(&source, &[]).args(["push", &direct]));
    let present = int(&again, "present");
    assert_eq!(int(&again, "pushed") + present, 3);
    assert_eq!(
        int(&again, "objects_skipped"),
        before as i64 + present,
        "{again}"
    );

    // A pull through a relay that dies: an error, and the cache is as it was.
    let cache = dir.path().join("b");
    let relay = DyingRelay::start(nginx.port, 40_000);
    let through = format!("webdav+http://127.0.0.1:{}/dies", relay.port);
    let out = uvcache(&cache, &[])
        .args(["pull", &through])
        .output()
        .expect("pull");
    assert!(relay.died());
    assert!(!out.status.success(), "a pull from a dead server must fail");
    // An entry whose files all arrived before the death may be in place, whole; no other. A
    // pull that placed nothing in the folder it created leaves no folder.
    if cache.exists() {
        let left = uvcache_e2e::tree(&cache);
        assert!(!left.contains(".tmp-uvcache"), "a stage was left:\n{left}");
        assert_eq!(
            uvcache_e2e::broken_links(&cache),
            Vec::<PathBuf>::new(),
            "{left}"
        );
    }
    // The partly failed pull printed its report, then named what went wrong as such.
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("not downloaded") || said.contains("Remote failed"),
        "{said}"
    );
    let placed = BUILT
        .iter()
        .filter(|p| cache.join("sdists-v11/pypi").join(p).exists())
        .count() as i64;
    assert!(placed < 3, "the relay died before everything arrived");
    let out = ok(uvcache(&cache, &[]).args(["pull", &direct]));
    assert_eq!(
        (int(&out, "pulled"), int(&out, "present")),
        (3 - placed, placed)
    );
    assert!(!install_builds(&cache, dir.path(), "packaging"));
}

#[test]
fn a_tampered_object_or_manifest_is_refused_and_nothing_is_written() {
    let (nginx, dir, _source, url) = pushed_to_webdav("tamper", &["--package", "tomli"]);
    let manifest = manifests(&nginx.root(), "tamper")
        .pop()
        .expect("one manifest");
    let stored = std::fs::read(&manifest).expect("read");
    let text = uvcache::remote::codec::decode_all(&stored, 1 << 26).expect("decode");
    let m: Value = serde_json::from_slice(&text).expect("json");
    let victim = m["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(".whl")))
        .and_then(|f| f["sha256"].as_str())
        .expect("the wheel's hash")
        .to_string();
    let object = nginx
        .root()
        .join("tamper/uvcache-remote-v1/objects")
        .join(&victim);
    let mut bytes = std::fs::read(&object).expect("object");
    bytes[100] ^= 0xff;
    std::fs::write(&object, &bytes).expect("tamper");
    let cache = dir.path().join("b");
    let out = uvcache(&cache, &[])
        .args(["pull", &url])
        .output()
        .expect("pull");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Compressed, a flipped byte either fails to decode or decodes to bytes of another hash.
    assert!(
        stderr.contains(&victim) && (stderr.contains("hash") || stderr.contains("decode")),
        "{stderr}"
    );
    // The partly failed pull printed its record before the error; in nu, its counts go with
    // the error.
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\"failed\": 1"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut owned = trusted_runner();
    owned.push(("UVCACHE_UV_VERSION".into(), "0.13.9".into()));
    let env: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let in_nu = uvcache_e2e::nu_run(
        dir.path(),
        &env,
        &format!(
            "uvcache pull {url} --cache-dir {}",
            dir.path().join("b-nu").display()
        ),
    );
    let said = String::from_utf8_lossy(&in_nu.stderr);
    assert!(
        !in_nu.status.success()
            && said.contains("done before it failed")
            && said.contains("failed: 1"),
        "{said}"
    );
    // The pull created the folder and placed nothing: it leaves nothing, not even uv's lock.
    assert!(!cache.exists(), "{}", uvcache_e2e::tree(&cache));

    // A manifest changed on the server no longer matches its name: refused, listed as a
    // problem, and nothing of it is pulled.
    let text = String::from_utf8(text).expect("manifest");
    std::fs::write(&manifest, text.replace("\"tomli\"", "\"tomli-evil\"")).expect("tamper");
    let out = uvcache(&cache, &[])
        .args(["remote", "ls", &url])
        .output()
        .expect("ls");
    assert!(out.status.success());
    assert_eq!(json(&out).as_array().map(Vec::len), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hashes to"));
}

#[test]
fn a_remote_is_pruned_by_age_and_by_budget() {
    let garage = Garage::start();
    let (dir, source) = world(true);
    let url = garage.url("prune");
    let env = garage.env();
    // Pushed 5 s apart, oldest first.
    for package in ["tomli", "flit-core", "packaging"] {
        ok(uvcache(&source, &env).args(["push", &url, "--package", package]));
        if package != "packaging" {
            std::thread::sleep(Duration::from_secs(5));
        }
    }
    let listed = ok(uvcache(&source, &env).args(["remote", "ls", &url]));
    let size_of = |package: &str| {
        listed
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["package"] == package)
            .map(|r| int(r, "size"))
            .expect("row")
    };
    // By age: only tomli is older than 8 s. A dry run first changes nothing.
    // `prune --remote URL --grace 0s` and `rule`.
    let prune = |rule: &[&str]| {
        let base = ["prune", "--remote", &url, "--grace", "0s"];
        ok(uvcache(&source, &env).args(base).args(rule))
    };
    let plan = prune(&["--older-than", "8s", "--dry-run"]);
    let evicted = |v: &Value| -> Vec<String> {
        v["decisions"]
            .as_array()
            .expect("decisions")
            .iter()
            .filter(|d| d["decision"] == "evict")
            .map(|d| d["package"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(evicted(&plan), ["tomli"]);
    assert_eq!(
        ok(uvcache(&source, &env).args(["remote", "ls", &url]))
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let done = prune(&["--older-than", "8s"]);
    assert_eq!(evicted(&done), ["tomli"]);
    assert!(int(&done, "objects_removed") > 0);
    // By budget: room for packaging only; the least recently pushed goes first.
    let budget = (size_of("packaging") + size_of("flit-core") / 2).to_string();
    let done = prune(&["--max-size", &budget]);
    assert_eq!(evicted(&done), ["flit-core"]);
    let left = ok(uvcache(&source, &env).args(["remote", "ls", &url]));
    let left: Vec<&str> = left
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["package"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(left, ["packaging"]);
    // What is left is whole: it pulls, and uv uses it.
    let cache = dir.path().join("b");
    let out = ok(uvcache(&cache, &env).args(["pull", &url]));
    assert_eq!(int(&out, "pulled"), 1);
    assert!(!install_builds(&cache, dir.path(), "packaging"));
}

#[test]
fn a_bad_remote_is_named_with_its_span_and_a_secret_in_a_file_is_refused() {
    let (dir, cache) = world(false);
    let out = uvcache_e2e::nu_run(
        dir.path(),
        &[],
        &format!("uvcache push nowhere --cache-dir {}", cache.display()),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_says(&stderr, &["no such remote", "nowhere"]);
    // A named remote's keys show in `config` with the file that set them.
    std::fs::write(
        dir.path().join("uvcache.toml"),
        "[remote.ci]\nurl = \"s3://b/p\"\n",
    )
    .expect("uvcache.toml");
    let rows = ok(uvcache(&cache, &[]).arg("config"));
    let url = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["key"] == "remote.ci.url")
        .expect("remote.ci.url row");
    assert_eq!(url["value"], "s3://b/p");
    assert_eq!(url["layer"], "uvcache-project");
    assert_eq!(
        url["file"],
        dir.path().join("uvcache.toml").to_string_lossy().as_ref()
    );
    std::fs::write(
        dir.path().join("uvcache.toml"),
        "[remote.ci]\nurl = \"s3://b/p\"\nsecret-access-key = \"hunter2\"\n",
    )
    .expect("uvcache.toml");
    let out = uvcache(&cache, &[])
        .args(["remote", "ls", "ci"])
        .output()
        .expect("ls");
    assert_eq!(out.status.code(), Some(2), "a bad setting is a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("remote.ci.secret-access-key") || stderr.contains("secret-access-key"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("hunter2"),
        "a secret was printed: {stderr}"
    );
}

/// A secret key given where a public key or a file name belongs (`--trusted-key`,
/// UVCACHE_TRUSTED_KEYS, `trusted-keys` in a file, `signing-key-file` in a file or its
/// variable) is refused, naming where it came from, and the secret appears in no output of the
/// CLI or of the plugin in real nu.
#[test]
fn a_secret_key_where_a_public_key_or_a_file_belongs_is_refused_unprinted() {
    let (dir, cache) = world(false);
    let key_file = dir.path().join("leaked.secret");
    run(uvcache_cli()
        .args(["remote", "keygen", "leaked", "--output"])
        .arg(&key_file));
    let secret = std::fs::read_to_string(&key_file)
        .expect("key")
        .trim()
        .to_string();
    let body = secret.split_once(':').expect("NAME:BASE64").1.to_string();
    let remote = format!("file://{}", dir.path().join("store").display());
    let config = dir.path().join("uvcache.toml");
    let clean = |what: &str, out: &Output, place: &str| {
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.status.success(), "{what}: accepted: {said}");
        assert!(
            !said.contains(&body[..20]),
            "{what}: the secret was printed: {said}"
        );
        assert!(said.contains(place), "{what}: does not say where: {said}");
    };
    let pull = |envs: &[(String, String)], extra: &[&str]| {
        uvcache(&cache, envs)
            .args(["pull", &remote])
            .args(extra)
            .output()
            .expect("pull")
    };
    clean(
        "flag",
        &pull(&[], &["--trusted-key", &secret]),
        "--trusted-key",
    );
    let env = [("UVCACHE_TRUSTED_KEYS".to_string(), secret.clone())];
    clean("variable", &pull(&env, &[]), "UVCACHE_TRUSTED_KEYS");
    std::fs::write(&config, format!("trusted-keys = [\"{secret}\"]\n")).expect("config");
    clean("config file", &pull(&[], &[]), "uvcache.toml");
    let shown = uvcache(&cache, &[]).arg("config").output().expect("config");
    clean("uvcache config", &shown, "uvcache.toml");
    std::fs::write(&config, format!("signing-key-file = \"{secret}\"\n")).expect("config");
    let push = |envs: &[(String, String)]| {
        uvcache(&cache, envs)
            .args(["push", &remote])
            .output()
            .expect("push")
    };
    clean("signing-key-file in a file", &push(&[]), "signing-key-file");
    std::fs::remove_file(&config).expect("config");
    let env = [("UVCACHE_SIGNING_KEY_FILE".to_string(), secret.clone())];
    clean(
        "signing-key-file variable",
        &push(&env),
        "UVCACHE_SIGNING_KEY_FILE",
    );
    // The plugin, as users run it: the variable set in nu.
    let script = format!(
        "$env.UVCACHE_TRUSTED_KEYS = '{secret}'; uvcache pull {remote} --cache-dir {}",
        cache.display()
    );
    let out = uvcache_e2e::nu_run(dir.path(), &[], &script);
    let said = String::from_utf8_lossy(&out.stderr).replace(&secret, "<the secret in the script>");
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("UVCACHE_TRUSTED_KEYS") && !said.contains(&body[..20]),
        "{said}"
    );
}

#[test]
fn a_webdav_server_that_asks_for_credentials_gets_them_from_the_environment() {
    let nginx = Nginx::start_with_auth("ci", "s3cret pass");
    let (dir, source) = world(true);
    let url = nginx.url("private");
    let out = uvcache(&source, &[])
        .args(["push", &url, "--package", "tomli"])
        .output()
        .expect("push");
    assert!(
        !out.status.success(),
        "a push without credentials must fail"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("401") || stderr.contains("Unauthorized"),
        "{stderr}"
    );
    let env = vec![
        ("UVCACHE_WEBDAV_USERNAME".to_string(), "ci".to_string()),
        (
            "UVCACHE_WEBDAV_PASSWORD".to_string(),
            "s3cret pass".to_string(),
        ),
    ];
    let pushed = ok(uvcache(&source, &env).args(["push", &url, "--package", "tomli"]));
    assert_eq!(int(&pushed, "pushed"), 1);
    let cache = dir.path().join("b");
    let pulled = ok(uvcache(&cache, &env).args(["pull", &url]));
    assert_eq!(int(&pulled, "pulled"), 1);
    assert!(!install_builds(&cache, dir.path(), "tomli"));
}

/// The files named `rel` in the archives of `cache` (an unpacked wheel's module).
fn archive_files(cache: &Path, rel: &str) -> Vec<PathBuf> {
    std::fs::read_dir(cache.join("archive-v0"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path().join(rel))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// A trusted runner and a rogue one (a pull request's job with the store's credentials) both
/// push the same built package; the rogue changed a file of its wheel and pushes later, signed
/// with its own key, then unsigned. A fresh cache that trusts only the trusted runner's key gets
/// the trusted build byte for byte, and uv installs it without building; `remote ls` shows the
/// rogue's entry untrusted. With no trusted key a pull refuses and places nothing.
#[test]
fn a_rogue_runner_cannot_get_its_build_pulled() {
    let (nginx, garage, dir, honest) = both_stores_and_world();
    let rogue_cache = dir.path().join("rogue-cache");
    run(Command::new("cp").arg("-a").arg(&honest).arg(&rogue_cache));
    let planted = archive_files(&rogue_cache, "tomli/__init__.py");
    assert!(!planted.is_empty(), "no built tomli in the archives");
    for file in &planted {
        let mut text = std::fs::read_to_string(file).expect("tomli");
        text.push_str("\nimport os  # the rogue's line\n");
        std::fs::write(file, text).expect("plant");
    }
    let rogue_key = dir.path().join("pr.secret");
    run(uvcache_cli()
        .args(["remote", "keygen", "pr-runner", "--output"])
        .arg(&rogue_key));
    let original = std::fs::read(&archive_files(&honest, "tomli/__init__.py")[0]).expect("tomli");
    for (name, url, server) in [
        ("webdav", nginx.url("team/uv"), Vec::new()),
        ("s3", garage.url("team/uv"), garage.env()),
    ] {
        let pushed = ok(uvcache(&honest, &server).args(["push", &url]));
        assert_eq!(pushed["signed_by"], "ci-main", "{pushed}");
        for signed in [true, false] {
            std::thread::sleep(Duration::from_millis(1100)); // a later push time
            let mut rogue = uvcache(&rogue_cache, &server);
            if signed {
                rogue.env("UVCACHE_SIGNING_KEY_FILE", &rogue_key);
            } else {
                rogue.env_remove("UVCACHE_SIGNING_KEY_FILE");
            }
            let rogue = rogue
                .args(["push", &url, "--package", "tomli"])
                .output()
                .expect("rogue push");
            if signed {
                let rogue = json(&rogue);
                assert_eq!(
                    (int(&rogue, "pushed"), rogue["signed_by"].as_str()),
                    (1, Some("pr-runner"))
                );
            }
            let fresh = dir.path().join(format!("fresh-{name}-{signed}"));
            let out = ok(uvcache(&fresh, &server).args(["pull", &url]));
            assert_eq!(int(&out, "pulled"), 3, "{out}");
            assert_eq!(int(&out, "untrusted"), 1, "{out}");
            let pulled = archive_files(&fresh, "tomli/__init__.py");
            assert_eq!(pulled.len(), 1);
            assert_eq!(
                std::fs::read(&pulled[0]).expect("pulled"),
                original,
                "{name}: not the trusted build"
            );
            assert!(
                !install_builds(&fresh, dir.path(), "tomli"),
                "{name}: uv rebuilt"
            );
        }
        let rows = ok(uvcache(&honest, &server).args(["remote", "ls", &url]));
        let tomli: Vec<&Value> = rows
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["package"] == "tomli")
            .collect();
        assert_eq!(tomli.len(), 2, "{rows}");
        let trusted: Vec<bool> = tomli
            .iter()
            .map(|r| r["trusted"].as_bool().expect("trusted"))
            .collect();
        assert_eq!(trusted.iter().filter(|t| **t).count(), 1, "{rows}");
        let rogue_row = tomli
            .iter()
            .find(|r| r["trusted"] == false)
            .expect("rogue row");
        // Keys are shown by name and a short id of the public key: two keys named alike differ.
        let signers = rogue_row["signers"].as_array().expect("signers");
        assert!(
            signers.len() == 1
                && signers[0]
                    .as_str()
                    .is_some_and(|s| s.starts_with("pr-runner-")),
            "{rows}"
        );
        // No trusted key: refused with the setting named, nothing placed.
        let nowhere = dir.path().join(format!("untrusting-{name}"));
        let refused = uvcache(&nowhere, &server)
            .env_remove("UVCACHE_TRUSTED_KEYS")
            .args(["pull", &url])
            .output()
            .expect("pull");
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(
            !refused.status.success() && said.contains("trusted-keys"),
            "{said}"
        );
        assert!(!nowhere.exists(), "{name}: a refused pull placed something");
        // A trusted key in the wrong form is named.
        let bad = uvcache(&nowhere, &server)
            .args(["pull", &url, "--trusted-key", "ci-main:not-base64!"])
            .output()
            .expect("pull");
        let said = String::from_utf8_lossy(&bad.stderr);
        assert!(
            !bad.status.success() && said.contains("`ci-main`") && said.contains("--trusted-key"),
            "{said}"
        );
    }
}

/// The `X.Y` of the Python the venv at `venv` was made with (`version_info` of its pyvenv.cfg).
fn venv_python(venv: &Path) -> (u32, u32) {
    let cfg = std::fs::read_to_string(venv.join("pyvenv.cfg")).expect("pyvenv.cfg");
    let version = cfg
        .lines()
        .find_map(|l| l.strip_prefix("version_info = "))
        .expect("version_info");
    let mut parts = version
        .trim()
        .split('.')
        .map(|p| p.parse::<u32>().expect("number"));
    (parts.next().expect("major"), parts.next().expect("minor"))
}

/// The rows of `remote ls` for `package`.
fn rows_of(rows: &Value, package: &str) -> Vec<Value> {
    rows.as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["package"] == package)
        .cloned()
        .collect()
}

/// MarkupSafe built from source with the machine's CPython (3.11 here) is a C extension tagged
/// `cp311-cp311-linux_x86_64`. `remote ls --python 3.12` shows it unusable with the reason, and
/// `pull --python 3.12` leaves it; for 3.11 it is pulled and uv installs it without building.
/// Then the test writes a manifest, signed with the trusted key, whose builder claims a glibc
/// newer than this machine's: the pull refuses it and says why.
#[test]
fn a_wheel_is_pulled_only_for_the_python_and_glibc_it_was_built_for() {
    let nginx = Nginx::start();
    let (dir, cache) = world(false);
    let venv = dir.path().join("venv");
    run(uv_cmd(&cache, dir.path())
        .args(["venv", "-q", "-p", "python3"])
        .arg(&venv));
    run(uv_cmd(&cache, dir.path()).env("VIRTUAL_ENV", &venv).args([
        "pip",
        "install",
        "-q",
        "--no-binary",
        "markupsafe",
        "markupsafe",
    ]));
    let (major, minor) = venv_python(&venv);
    let (built, other) = (format!("{major}.{minor}"), format!("{major}.{}", minor + 1));
    let url = nginx.url("fit/uv");
    let pushed = ok(uvcache(&cache, &[]).args(["push", &url]));
    assert_eq!(int(&pushed, "pushed"), 1, "{pushed}");

    let rows = ok(uvcache(&cache, &[]).args(["remote", "ls", &url, "--python", &other]));
    let row = &rows_of(&rows, "markupsafe")[0];
    let tag = format!("cp{major}{minor}");
    assert!(
        row["tags"].as_array().expect("tags")[0]
            .as_str()
            .is_some_and(|t| t.starts_with(&format!("{tag}-{tag}-linux_"))),
        "not a C extension built here: {row}"
    );
    assert_eq!(row["builder"]["abi"], Value::from(tag.as_str()), "{row}");
    assert_eq!(row["usable"], false, "{row}");
    assert_eq!(
        row["reason"],
        Value::from(format!("built for {tag}, python {other} wanted")),
        "{row}"
    );
    // An interpreter that is neither a version, a path nor on PATH: named, with the flag.
    let bad = uvcache(&cache, &[])
        .args(["remote", "ls", &url, "--python", "pythonic9"])
        .output()
        .expect("ls");
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        !bad.status.success() && said.contains("`pythonic9`") && said.contains("--python"),
        "{said}"
    );
    let mine = ok(uvcache(&cache, &[]).args(["remote", "ls", &url, "--python", &built]));
    assert_eq!(rows_of(&mine, "markupsafe")[0]["usable"], true, "{mine}");

    let elsewhere = dir.path().join("for-other");
    let out = ok(uvcache(&elsewhere, &[]).args(["pull", &url, "--python", &other]));
    assert_eq!(
        (int(&out, "pulled"), int(&out, "not_usable")),
        (0, 1),
        "{out}"
    );
    assert_eq!(out["unfit"][0]["package"], "markupsafe", "{out}");
    assert!(!elsewhere.exists(), "a pull of nothing placed a cache");

    let here = dir.path().join("for-built");
    let out = ok(uvcache(&here, &[]).args(["pull", &url, "--python", &built]));
    assert_eq!(int(&out, "pulled"), 1, "{out}");
    assert!(
        !install_builds(&here, dir.path(), "markupsafe"),
        "uv rebuilt the pulled markupsafe"
    );

    // A trusted manifest whose builder had glibc 2.99: the same entry, refused at pull.
    let folder = nginx.root().join("fit/uv/uvcache-remote-v1");
    let original = manifests(&nginx.root(), "fit/uv")
        .pop()
        .expect("a manifest");
    let mut manifest =
        uvcache::remote::manifest::parse("original", &std::fs::read(&original).expect("manifest"))
            .expect("parse");
    let builder = manifest.builder.as_mut().expect("builder facts");
    let libc = builder.libc.as_mut().expect("libc");
    let claimed = "2.99";
    let ours = libc.version.clone();
    libc.version = claimed.into();
    let id = manifest.id();
    std::fs::write(
        folder.join(format!("manifests/{id}.json")),
        serde_json::to_vec(&manifest).expect("json"),
    )
    .expect("write manifest");
    std::fs::remove_file(&original).expect("remove the honest manifest");
    let key = uvcache::remote::trust::SecretKey::read(&runner_key().0).expect("key");
    let signature = key.sign(uvcache::remote::trust::Statement {
        manifest: id,
        pushed_by: "ci@builder".into(),
        pushed_at: "2026-11-30T00:00:00Z".into(),
        git_ref: None,
    });
    std::fs::write(
        folder.join(signature.object_name().expect("name")),
        serde_json::to_vec(&signature).expect("json"),
    )
    .expect("write signature");
    let newer = dir.path().join("for-newer-glibc");
    let out = ok(uvcache(&newer, &[]).args(["pull", &url, "--python", &built]));
    assert_eq!(int(&out, "pulled"), 0, "{out}");
    assert_eq!(
        out["unfit"][0]["reason"],
        Value::from(format!(
            "built against glibc {claimed}, this machine has {ours}"
        )),
        "{out}"
    );
    assert!(!newer.exists(), "a refused pull placed a cache");
}

/// Pulls record the entries they use: an entry pushed long ago but pulled today is kept by an
/// age prune, one nobody pulled goes, and the pull's record goes with its manifest.
#[test]
fn an_entry_pulled_today_is_kept_though_pushed_long_ago() {
    let (nginx, dir, source, url) = pushed_to_webdav("uses", &["-p", "tomli", "-p", "flit-core"]);
    // Both signed as pushed "in January", by the trusted key (the signed time is what counts).
    let long_ago = "2026-01-01T00:00:00Z";
    let key = uvcache::remote::trust::SecretKey::read(&runner_key().0).expect("key");
    let signatures = nginx.root().join("uses/uvcache-remote-v1/signatures");
    for file in std::fs::read_dir(&signatures)
        .expect("signatures")
        .flatten()
    {
        let record: uvcache::remote::trust::SignatureRecord =
            serde_json::from_slice(&std::fs::read(file.path()).expect("read")).expect("parse");
        let mut statement = record.statement.clone();
        statement.pushed_at = long_ago.into();
        let resigned = key.sign(statement);
        std::fs::write(file.path(), serde_json::to_vec(&resigned).expect("json")).expect("write");
    }
    let pulled = dir.path().join("pulled");
    let out = ok(uvcache(&pulled, &[]).args(["pull", &url, "--package", "tomli"]));
    assert_eq!(int(&out, "pulled"), 1, "{out}");
    let rows = ok(uvcache(&source, &[]).args(["remote", "ls", &url]));
    let tomli = &rows_of(&rows, "tomli")[0];
    assert!(tomli["last_pulled"].is_string(), "{tomli}");
    assert!(
        rows_of(&rows, "flit-core")[0]["last_pulled"].is_null(),
        "{rows}"
    );
    let records = nginx.root().join("uses/uvcache-remote-v1/uses");
    assert_eq!(std::fs::read_dir(&records).expect("uses").count(), 1);

    let done = ok(uvcache(&source, &[]).args([
        "prune",
        "--remote",
        &url,
        "--older-than",
        "30d",
        "--grace",
        "0s",
    ]));
    let verdicts: Vec<(String, String)> = done["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .map(|d| {
            (
                d["package"].as_str().unwrap_or_default().to_string(),
                d["decision"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("flit-core".to_string(), "evict".to_string()),
            ("tomli".to_string(), "keep".to_string())
        ],
        "{done}"
    );
    let left = ok(uvcache(&source, &[]).args(["remote", "ls", &url]));
    assert_eq!(rows_of(&left, "flit-core").len(), 0, "{left}");
    assert_eq!(std::fs::read_dir(&records).expect("uses").count(), 1);
}
