//! The freshness side through the `uvcache` binary: `fetch` against a real HTTP server on
//! 127.0.0.1 that counts requests, faults that must leave no entry, a SIGKILL mid-download,
//! eight concurrent fetches, `--unpack` + `link`, `git` against a `file://` repository, and
//! `ls`/`prune` on the store afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use uvcache_e2e::http::{Reply, Server};
use uvcache_e2e::{assert_says, uvcache_cli};

/// A store and a home in a temporary directory.
struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn store(&self) -> PathBuf {
        self.tmp.path().join("store")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = uvcache_cli();
        cmd.current_dir(self.tmp.path())
            .env_clear()
            .env("PATH", uvcache_e2e::test_path())
            .env("HOME", self.tmp.path().join("home"))
            .env("UV_CACHE_DIR", self.tmp.path().join("uv-cache"))
            .env("UVCACHE_STORE_DIR", self.store())
            .env("UV_NO_CONFIG", "1")
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run uvcache")
    }

    /// `uvcache ARGS --format json`, which must succeed.
    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "uvcache {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    /// `uvcache ARGS`, which must fail with exit 1; its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "uvcache {args:?} should fail");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// Pointer files in the store: what makes an entry visible.
    fn pointers(&self) -> Vec<PathBuf> {
        files_named(&self.store().join("http-v0"), ".http")
    }
}

fn files_named(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(read) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(files_named(&path, suffix));
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found
}

fn status(record: &serde_json::Value) -> &str {
    record["status"].as_str().expect("status")
}

fn sha256_hex(bytes: &[u8]) -> String {
    let out = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(bytes)?;
            child.wait_with_output()
        })
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)[..64].to_string()
}

#[test]
fn caching_headers_decide_how_many_requests() {
    let server = Server::start();
    let env = Env::new();
    server.route("/fresh", |_| {
        Reply::ok(
            &[("Cache-Control", "max-age=3600"), ("ETag", "\"f1\"")],
            "fresh body",
        )
    });
    server.route("/stale", |req| {
        if req.headers.get("if-none-match").map(String::as_str) == Some("\"s1\"") {
            Reply::status(304, &[("Cache-Control", "max-age=0"), ("ETag", "\"s1\"")])
        } else {
            Reply::ok(
                &[("Cache-Control", "max-age=0"), ("ETag", "\"s1\"")],
                "stale body",
            )
        }
    });
    server.route("/nostore", |_| {
        Reply::ok(&[("Cache-Control", "no-store")], "secret")
    });
    server.route("/immutable", |_| {
        Reply::ok(&[("Cache-Control", "max-age=3600, immutable")], "forever")
    });
    server.route("/garbled", |_| {
        Reply::ok(
            &[
                ("Cache-Control", "max-age=banana, =, no-such-directive"),
                ("Expires", "yesterday"),
            ],
            "odd headers",
        )
    });

    // Fresh: the first fetch is the only request.
    let first = env.json(&["fetch", &server.url("/fresh")]);
    assert_eq!(status(&first), "miss");
    assert_eq!(first["sha256"], sha256_hex(b"fresh body"));
    assert_eq!(
        std::fs::read(first["path"].as_str().unwrap()).unwrap(),
        b"fresh body"
    );
    for _ in 0..3 {
        assert_eq!(status(&env.json(&["fetch", &server.url("/fresh")])), "hit");
    }
    assert_eq!(
        server.requests("/fresh").len(),
        1,
        "fresh hits make no request"
    );

    // --refresh: exactly one request, conditional, answered 304 here by validators.
    let refreshed = env.json(&["fetch", &server.url("/fresh"), "--refresh"]);
    let requests = server.requests("/fresh");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].headers.get("if-none-match").map(String::as_str),
        Some("\"f1\"")
    );
    assert_eq!(
        requests[1].headers.get("cache-control").map(String::as_str),
        Some("no-cache")
    );
    // The route answers 200 to everything, so the body was fetched again.
    assert_eq!(status(&refreshed), "refreshed");

    // Stale: one conditional request per fetch, answered 304: same bytes, renewed policy.
    let stale = env.json(&["fetch", &server.url("/stale")]);
    assert_eq!(status(&stale), "miss");
    let again = env.json(&["fetch", &server.url("/stale")]);
    assert_eq!(status(&again), "revalidated");
    assert_eq!(
        again["path"], stale["path"],
        "a 304 keeps the stored archive"
    );
    let requests = server.requests("/stale");
    assert_eq!(requests.len(), 2);
    assert!(!requests[0].headers.contains_key("if-none-match"));
    assert_eq!(
        requests[1].headers.get("if-none-match").map(String::as_str),
        Some("\"s1\"")
    );

    // A 304 that carries no validators at all (as Python's http.server sends) answers the
    // conditional request made from the stored Last-Modified: revalidated, not downloaded.
    server.route("/bare304", |req| {
        if req.headers.contains_key("if-modified-since") {
            Reply::status(304, &[])
        } else {
            Reply::ok(
                &[
                    ("Cache-Control", "max-age=0"),
                    ("Last-Modified", "Sat, 01 Jan 2000 00:00:00 GMT"),
                ],
                "bare body",
            )
        }
    });
    let bare = env.json(&["fetch", &server.url("/bare304")]);
    let again = env.json(&["fetch", &server.url("/bare304")]);
    assert_eq!(status(&again), "revalidated");
    assert_eq!(again["path"], bare["path"]);
    let requests = server.requests("/bare304");
    assert_eq!(requests.len(), 2, "no refetch after the 304");
    assert_eq!(
        requests[1]
            .headers
            .get("if-modified-since")
            .map(String::as_str),
        Some("Sat, 01 Jan 2000 00:00:00 GMT")
    );

    // no-store: every fetch asks, nothing is stored.
    for _ in 0..3 {
        let record = env.json(&["fetch", &server.url("/nostore")]);
        assert_eq!(
            (status(&record), &record["stored"]),
            ("miss", &serde_json::json!(false))
        );
        assert_eq!(
            std::fs::read(record["path"].as_str().unwrap()).unwrap(),
            b"secret"
        );
    }
    assert_eq!(server.requests("/nostore").len(), 3);

    // immutable: --refresh does not revalidate it.
    env.json(&["fetch", &server.url("/immutable")]);
    assert_eq!(
        status(&env.json(&["fetch", &server.url("/immutable"), "--refresh"])),
        "hit"
    );
    assert_eq!(server.requests("/immutable").len(), 1);

    // --refresh-package by URL glob selects, by another name does not.
    let glob = format!("http://127.0.0.1:{}/imm*", server.port);
    assert_eq!(
        status(&env.json(&["fetch", &server.url("/fresh"), "--refresh-package", "other"])),
        "hit"
    );
    assert_eq!(server.requests("/fresh").len(), 2);
    env.json(&["fetch", &server.url("/fresh"), "--refresh-package", &glob]);
    assert_eq!(
        server.requests("/fresh").len(),
        2,
        "the glob names another URL"
    );
    let selecting = format!("http://127.0.0.1:{}/fr*", server.port);
    env.json(&[
        "fetch",
        &server.url("/fresh"),
        "--refresh-package",
        &selecting,
    ]);
    assert_eq!(
        server.requests("/fresh").len(),
        3,
        "the glob selects this URL"
    );

    // Malformed cache headers: stored, no crash; with no usable lifetime, the next fetch asks.
    let odd = env.json(&["fetch", &server.url("/garbled")]);
    assert_eq!(
        std::fs::read(odd["path"].as_str().unwrap()).unwrap(),
        b"odd headers"
    );
    env.json(&["fetch", &server.url("/garbled")]);
    assert_eq!(server.requests("/garbled").len(), 2);

    // --offline serves what is stored, however stale, with no request; refuses the unknown.
    assert_eq!(
        status(&env.json(&["fetch", &server.url("/stale"), "--offline"])),
        "hit"
    );
    assert_eq!(server.requests("/stale").len(), 2);
    let err = env.fails(&["fetch", &server.url("/never"), "--offline"]);
    assert!(err.contains("--offline"), "{err}");
    assert!(server.requests("/never").is_empty());

    // The store is a cache to the other commands: ls lists the five stored entries (fresh,
    // stale, bare304, immutable, garbled; no-store has none), prune keeps them.
    let rows = env.json(&["ls", "--store", "--kind", "http_file"]);
    assert_eq!(rows.as_array().unwrap().len(), 5, "{rows:#}");
    let pruned = env.json(&["prune", "--store"]);
    assert!(
        pruned["files"].as_i64().unwrap() > 0,
        "replaced archives go: {pruned:#}"
    );
    assert_eq!(status(&env.json(&["fetch", &server.url("/fresh")])), "hit");
    assert_eq!(
        status(&env.json(&["fetch", &server.url("/stale"), "--offline"])),
        "hit"
    );
}

#[test]
fn faults_leave_no_entry_and_a_later_fetch_works() {
    let server = Server::start();
    let env = Env::new();
    let body = vec![b'x'; 100_000];
    let good = Reply::ok(&[("Cache-Control", "max-age=60")], body.clone());
    let cut = Reply {
        cut_at: Some(40_000),
        ..good.clone()
    };
    server.route("/cut", move |_| cut.clone());
    let err = env.fails(&["fetch", &server.url("/cut")]);
    assert!(err.contains("nothing was stored"), "{err}");
    assert!(env.pointers().is_empty(), "a truncated body is no entry");

    // A Content-Length that the body does not reach.
    server.route("/length", |_| {
        Reply::ok(&[("Content-Length", "5000")], vec![b'y'; 100])
    });
    let err = env.fails(&["fetch", &server.url("/length")]);
    assert!(err.contains("nothing was stored"), "{err}");

    // A lying 304 for an entry never stored.
    server.route("/liar", |_| Reply::status(304, &[]));
    let err = env.fails(&["fetch", &server.url("/liar")]);
    assert!(err.contains("304"), "{err}");

    // Server errors, unreachable hosts, timeouts.
    server.route("/boom", |_| Reply::status(500, &[]));
    assert!(env.fails(&["fetch", &server.url("/boom")]).contains("500"));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://127.0.0.1:{}/x", closed.local_addr().unwrap().port());
    drop(closed);
    assert!(env.fails(&["fetch", &dead]).contains("cannot connect"));
    server.route("/hang", |_| Reply {
        hang: true,
        ..Reply::default()
    });
    let out = env
        .command(&["fetch", &server.url("/hang")])
        .env("UV_HTTP_TIMEOUT", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("timed out"), "{err}");

    // Bad arguments name themselves.
    assert!(
        env.fails(&["fetch", "ftp://x/y"])
            .contains("unsupported scheme")
    );
    assert!(
        env.fails(&["fetch", &server.url("/cut"), "--unpack"])
            .contains("wheel")
    );
    assert!(env.pointers().is_empty(), "no fault left an entry");

    // The same URLs work once the server behaves.
    server.route("/cut", move |_| good.clone());
    let record = env.json(&["fetch", &server.url("/cut")]);
    assert_eq!(record["bytes"], 100_000);
    assert_eq!(env.pointers().len(), 1);
}

#[test]
fn sigkill_mid_download_leaves_no_entry() {
    let server = Server::start();
    let env = Env::new();
    let body: Vec<u8> = (0..32u32 << 20).map(|i| (i % 251) as u8).collect();
    let expected = sha256_hex(&body);
    let slow = Reply {
        chunk_pause: Some(Duration::from_millis(2)),
        ..Reply::ok(&[("Cache-Control", "max-age=600")], body.clone())
    };
    server.route("/big", move |_| slow.clone());
    let mut child = env
        .command(&["fetch", &server.url("/big")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while server.sent() < 4 << 20 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "download never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(server.sent() < body.len() as u64, "killed before the end");
    assert!(env.pointers().is_empty(), "no visible entry");
    let staging: Vec<_> = std::fs::read_dir(env.store())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert_eq!(staging.len(), 1, "only the staging directory is left");

    let fast = Reply::ok(&[("Cache-Control", "max-age=600")], body);
    server.route("/big", move |_| fast.clone());
    let record = env.json(&["fetch", &server.url("/big")]);
    assert_eq!(
        (status(&record), record["sha256"].as_str()),
        ("miss", Some(expected.as_str()))
    );
    // prune removes the staging the killed process left.
    env.json(&["prune", "--store"]);
    assert!(
        std::fs::read_dir(env.store())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().starts_with(".tmp"))
    );
    assert_eq!(status(&env.json(&["fetch", &server.url("/big")])), "hit");
}

#[test]
fn eight_concurrent_fetches_get_the_same_complete_bytes() {
    let server = Server::start();
    let env = Env::new();
    let body: Vec<u8> = (0..4u32 << 20).map(|i| (i % 253) as u8).collect();
    let expected = sha256_hex(&body);
    let reply = Reply {
        chunk_pause: Some(Duration::from_millis(1)),
        ..Reply::ok(&[("Cache-Control", "max-age=600")], body.clone())
    };
    server.route("/shared", move |_| reply.clone());
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.command(&["fetch", &server.url("/shared"), "--format", "json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut statuses = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(record["sha256"].as_str(), Some(expected.as_str()));
        assert_eq!(
            std::fs::read(record["path"].as_str().unwrap()).unwrap(),
            body
        );
        statuses.push(status(&record).to_string());
    }
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| *s == "miss").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        server.requests("/shared").len(),
        1,
        "one download, seven waits"
    );
}

/// A minimal wheel made with Python's zipfile (python3 is on every machine that runs uv).
fn make_wheel(dir: &Path) -> PathBuf {
    let wheel = dir.join("demo-1.0-py3-none-any.whl");
    let script = format!(
        "import zipfile\nwith zipfile.ZipFile({:?}, 'w', zipfile.ZIP_DEFLATED) as z:\n    \
         z.writestr('demo/__init__.py', 'VALUE = 42\\n')\n    \
         z.writestr('demo-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: demo\\nVersion: 1.0\\n')\n    \
         z.writestr('demo-1.0.dist-info/RECORD', '')\n",
        wheel.display().to_string()
    );
    let status = Command::new("python3")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(status.success());
    wheel
}

#[test]
fn unpacked_wheels_link_into_a_directory_and_survive_prune() {
    let server = Server::start();
    let env = Env::new();
    let wheel = std::fs::read(make_wheel(env.tmp.path())).unwrap();
    server.route("/demo-1.0-py3-none-any.whl", move |_| {
        Reply::ok(&[("Cache-Control", "max-age=600")], wheel.clone())
    });
    let url = server.url("/demo-1.0-py3-none-any.whl");
    let unpacked = env.json(&["fetch", &url, "--unpack"]);
    let dir = PathBuf::from(unpacked["path"].as_str().unwrap());
    assert_eq!(
        std::fs::read_to_string(dir.join("demo/__init__.py")).unwrap(),
        "VALUE = 42\n"
    );
    let rows = env.json(&["ls", "--store", "--package", "demo"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["version"], "1.0");

    // Link it: hardlinks in the same file system, RECORD copied.
    let site = env.tmp.path().join("site");
    let linked = env.json(&[
        "link",
        dir.to_str().unwrap(),
        site.to_str().unwrap(),
        "--mode",
        "hardlink",
    ]);
    assert_eq!(
        (linked["used"].as_str(), linked["files"].as_i64()),
        (Some("hardlink"), Some(3))
    );
    assert!(linked["warning"].is_null());
    assert_eq!(
        std::fs::read_to_string(site.join("demo/__init__.py")).unwrap(),
        "VALUE = 42\n"
    );
    // Again: refused (files exist) and nothing changes; --reinstall replaces.
    let err = env.fails(&["link", dir.to_str().unwrap(), site.to_str().unwrap()]);
    assert_says(&err, &["--reinstall", "(argument 2)"]);
    let err = env.fails(&["link", "/etc", site.to_str().unwrap()]);
    assert_says(&err, &["not an entry of the store", "(argument 1)"]);
    let again = env.json(&[
        "link",
        dir.to_str().unwrap(),
        site.to_str().unwrap(),
        "--mode",
        "copy",
        "--reinstall",
    ]);
    assert_eq!(again["replaced"], 3);
    // Another file system (tmpfs) for hardlinks: copies, with one warning.
    if Path::new("/dev/shm").is_dir() {
        let other = tempfile::tempdir_in("/dev/shm").unwrap();
        let out = env.run(&[
            "link",
            dir.to_str().unwrap(),
            other.path().to_str().unwrap(),
            "--mode",
            "hardlink",
        ]);
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.matches("warning: Failed to hardlink").count(),
            1,
            "{err}"
        );
        assert!(other.path().join("demo/__init__.py").is_file());
    }
    // A file as DEST is refused.
    std::fs::write(env.tmp.path().join("plain"), "").unwrap();
    assert!(
        env.fails(&["link", dir.to_str().unwrap(), "plain"])
            .contains("not a directory")
    );

    // prune keeps the linked archive; clean --store empties the store.
    env.json(&["prune", "--store"]);
    assert!(dir.join("demo/__init__.py").is_file());
    env.json(&["clean", "--store", "demo"]);
    assert!(!dir.exists());
}

#[test]
fn git_over_file_urls_through_the_cli() {
    let env = Env::new();
    let repo = env.tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let git = |args: &[&str]| uvcache_e2e::git(&repo, args);
    git(&["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("f"), "1").unwrap();
    git(&["add", "f"]);
    git(&["commit", "-q", "-m", "one"]);
    git(&["tag", "v1"]);
    let url = format!("file://{}", repo.display());
    let first = env.json(&["git", &url, "--rev", "v1"]);
    assert_eq!(first["commit"], git(&["rev-parse", "v1"]));
    assert_eq!(first["status"], "fetched");
    assert!(
        Path::new(first["path"].as_str().unwrap())
            .join("f")
            .is_file()
    );
    let pinned = git(&["rev-parse", "HEAD"]);
    let offline = env.json(&["git", &url, "--rev", &pinned, "--offline"]);
    assert_eq!(
        (offline["commit"].as_str(), offline["status"].as_str()),
        (Some(pinned.as_str()), Some("hit"))
    );
    let err = env.fails(&["git", &format!("{url}-missing")]);
    assert!(err.contains("Git failed"), "{err}");
    let err = env.fails(&["git", &url, "--rev", "nope"]);
    assert!(err.contains("`nope` does not resolve"), "{err}");
    let rows = env.json(&["ls", "--store", "--bucket", "git"]);
    let kinds: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"git_db") && kinds.contains(&"git_checkout"),
        "{kinds:?}"
    );
    // The store is never inside uv's cache.
    let out = env
        .command(&["git", &url])
        .env("UVCACHE_STORE_DIR", env.tmp.path().join("uv-cache/own"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside uv's cache"));
}

/// Makes directories unwritable: `chmod` for ordinary users, the immutable attribute for root
/// (which `chmod` does not stop). Returns an undo, or `None` if neither works here.
fn make_read_only(dirs: &[PathBuf]) -> Option<Box<dyn Fn()>> {
    use std::os::unix::fs::PermissionsExt;
    let writable = |dir: &Path| {
        let probe = dir.join(".probe");
        let ok = std::fs::write(&probe, "").is_ok();
        let _ = std::fs::remove_file(probe);
        ok
    };
    for dir in dirs {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let restore_modes = {
        let dirs = dirs.to_vec();
        move || {
            for dir in &dirs {
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
            }
        }
    };
    if !dirs.iter().any(|d| writable(d)) {
        return Some(Box::new(restore_modes));
    }
    let chattr = |flag: &str| {
        dirs.iter().all(|d| {
            Command::new("chattr")
                .arg(flag)
                .arg(d)
                .status()
                .is_ok_and(|s| s.success())
        })
    };
    if chattr("+i") && !dirs.iter().any(|d| writable(d)) {
        let dirs = dirs.to_vec();
        return Some(Box::new(move || {
            for dir in &dirs {
                let _ = Command::new("chattr").arg("-i").arg(dir).status();
            }
            restore_modes();
        }));
    }
    chattr("-i");
    restore_modes();
    None
}

#[test]
fn a_read_only_store_fails_clearly_and_keeps_its_entries() {
    let env = Env::new();
    std::fs::write(env.tmp.path().join("one.txt"), "one").unwrap();
    std::fs::write(env.tmp.path().join("two.txt"), "two").unwrap();
    assert_eq!(status(&env.json(&["fetch", "one.txt"])), "miss");
    let dirs = [
        env.store(),
        env.store().join("http-v0"),
        env.store().join("archive-v0"),
    ];
    let Some(undo) = make_read_only(&dirs) else {
        eprintln!("cannot make a directory read-only here (neither chmod nor chattr): skipped");
        return;
    };
    let out = env.run(&["fetch", "two.txt"]);
    undo();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&env.store().display().to_string())
            && (err.contains("Permission denied") || err.contains("Operation not permitted")),
        "the error names the store path and the cause: {err}"
    );
    assert_eq!(env.pointers().len(), 1, "no half entry");
    assert_eq!(status(&env.json(&["fetch", "one.txt"])), "hit");
    assert_eq!(status(&env.json(&["fetch", "two.txt"])), "miss");
}
