//! uvcache's Windows build against uv's own Windows build, both under Wine, on a cache uv
//! 0.13.8 for Windows filled (link files holding `archive-v0/<id>`, hard links into the venv,
//! lengths as sizes). `scripts/tools.sh` (`tools_wine`) provides Wine, uv.exe and the stand-in
//! interpreter; `scripts/test.sh` builds `uvcache.exe` for `x86_64-pc-windows-gnu` first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use uvcache_e2e::{network_env, run, scratch};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: `source scripts/tools.sh && tools_wine` sets it (scripts/test.sh does)")
    })
}

/// A path as Wine's programs see it (its `Z:` drive is `/`).
fn win(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// `uvcache.exe`, built for Windows beside the Linux binaries.
fn uvcache_exe() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let target = exe.ancestors().nth(3).expect("target dir");
    let path = target.join("x86_64-pc-windows-gnu/debug/uvcache.exe");
    assert!(
        path.is_file(),
        "{} missing: cargo build -p uvcache-cli --no-default-features --target x86_64-pc-windows-gnu (scripts/test.sh does)",
        path.display()
    );
    path
}

/// A Windows program under Wine, with no user configuration and the cache at `cache`.
fn wine(program: &Path, cache: &Path) -> Command {
    let mut cmd = Command::new(var("WINE64"));
    cmd.arg(program)
        .env("UV_CACHE_DIR", win(cache))
        .env("UV_NO_CONFIG", "1")
        .env("UV_PYTHON_DOWNLOADS", "never")
        .envs(network_env());
    cmd
}

fn uv(cache: &Path) -> Command {
    wine(Path::new(&var("UV_WIN")), cache)
}

fn uvcache(cache: &Path, store: &Path) -> Command {
    let mut cmd = wine(&uvcache_exe(), cache);
    cmd.env("UVCACHE_STORE_DIR", win(store))
        .args(["--uv-version", "0.13.8"]);
    cmd
}

fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_slice(&run(cmd.args(["--format", "json"])).stdout).expect("json")
}

/// The cache uv 0.13.8 for Windows filled: a venv with six, idna and attrs.
fn cache() -> &'static Path {
    static CACHE: OnceLock<PathBuf> = OnceLock::new();
    CACHE.get_or_init(|| {
        let dir = scratch("windows-cache");
        let cache = dir.join("cache");
        let venv = dir.join("venv");
        run(uv(&cache)
            .args(["venv", "-q", "--python", &var("UV_WIN_PYTHON")])
            .arg(win(&venv)));
        run(uv(&cache).env("VIRTUAL_ENV", win(&venv)).args([
            "pip",
            "install",
            "-q",
            "six",
            "idna==3.10",
            "attrs",
        ]));
        cache
    })
}

/// A copy of the cache (`cp -a`: links, link counts within it and times kept).
fn copy(name: &str) -> PathBuf {
    let to = scratch(&format!("windows-{name}"));
    let _ = std::fs::remove_dir_all(&to);
    run(Command::new("cp").arg("-a").arg(cache()).arg(&to));
    to
}

/// Every path below `root`, relative to it.
fn tree(root: &Path) -> Vec<String> {
    let out = run(Command::new("find").arg(".").current_dir(root));
    let mut paths: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    paths.sort();
    paths
}

#[test]
fn size_equals_uv_cache_size_on_windows() {
    let store = tempfile::tempdir().unwrap();
    let out = run(uv(cache()).args(["cache", "size", "--preview-features", "cache-size"]));
    let uv_total: u64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("uv cache size prints bytes");
    let size = json(uvcache(cache(), store.path()).arg("size"));
    assert_eq!(size["total"], uv_total, "{size}");
    let exact = json(uvcache(cache(), store.path()).args(["size", "--exact"]));
    assert_eq!(exact["total"], uv_total, "{exact}");
}

#[test]
fn link_files_resolve_to_their_archives() {
    let store = tempfile::tempdir().unwrap();
    let rows = json(uvcache(cache(), store.path()).arg("ls"));
    let wheels: Vec<&serde_json::Value> = rows
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["kind"] == "registry_wheel")
        .collect();
    assert_eq!(wheels.len(), 3, "{rows}");
    for wheel in wheels {
        let link = cache().join(wheel["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&link).expect("a link file, as uv writes on Windows");
        assert_eq!(wheel["references"], serde_json::json!([text]), "{wheel}");
        assert!(cache().join(&text).is_dir(), "{text}");
        assert_eq!(wheel["status"], "live", "{wheel}");
        assert!(
            wheel["size"].as_u64().unwrap() > 10_000,
            "archive bytes counted: {wheel}"
        );
    }
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] != "dangling"),
        "{rows}"
    );
}

#[test]
fn clean_of_a_package_matches_uv_and_uv_still_installs_offline() {
    let (ours, theirs) = (copy("clean-uvcache"), copy("clean-uv"));
    // A read-only file: Windows refuses to delete one until the flag is cleared, as uv and
    // uvcache do. Wine 8.0 deletes it anyway, so here this checks that both agree with one
    // present, not the clearing itself.
    for cache in [&ours, &theirs] {
        let six = std::fs::read_to_string(cache.join("wheels-v7/pypi/six/1.17.0-py2.py3-none-any"))
            .expect("six's link file");
        let file = cache.join(six).join("six.py");
        let mut permissions = std::fs::metadata(&file).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&file, permissions).unwrap();
    }
    let store = tempfile::tempdir().unwrap();
    let summary = json(uvcache(&ours, store.path()).args(["clean", "six"]));
    let out = run(uv(&theirs).args(["cache", "clean", "six"]));
    assert_eq!(tree(&ours), tree(&theirs));
    assert_eq!(
        summary["message"],
        String::from_utf8_lossy(&out.stderr).trim(),
        "{summary}"
    );
    let venv = ours.with_extension("venv");
    run(uv(&ours)
        .args(["venv", "-q", "--clear", "--python", &var("UV_WIN_PYTHON")])
        .arg(win(&venv)));
    run(uv(&ours).env("VIRTUAL_ENV", win(&venv)).args([
        "pip",
        "install",
        "-q",
        "--offline",
        "idna==3.10",
        "attrs",
    ]));
}

#[test]
fn prune_of_an_unlinked_archive_matches_uv() {
    let (ours, theirs) = (copy("prune-uvcache"), copy("prune-uv"));
    for cache in [&ours, &theirs] {
        let wheels = cache.join("wheels-v7/pypi/idna");
        for link in std::fs::read_dir(&wheels).unwrap() {
            let link = link.unwrap().path();
            let name = link.file_name().unwrap().to_string_lossy().into_owned();
            if ![".http", ".lock", ".msgpack"]
                .iter()
                .any(|e| name.ends_with(e))
            {
                std::fs::remove_file(link).unwrap();
            }
        }
    }
    let store = tempfile::tempdir().unwrap();
    let summary = json(uvcache(&ours, store.path()).arg("prune"));
    let out = run(uv(&theirs).args(["cache", "prune"]));
    assert_eq!(tree(&ours), tree(&theirs));
    // uv says "Pruning cache at: …" first.
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        summary["message"],
        said.trim().lines().last().unwrap(),
        "{summary}"
    );
    assert_ne!(summary["files"], 0, "{summary}");
}

/// What a killed run left parked (a park folder whose `.owner` no run holds: on Windows the
/// folder's lock is that file) is removed by the next run, `.owner` last.
#[test]
fn a_dead_runs_park_folder_is_recovered() {
    let ours = copy("recover");
    let park = ours.join(".tmp-uvcache-park-4242-0-0");
    std::fs::create_dir_all(park.join("0/pkg")).unwrap();
    std::fs::write(park.join("0/pkg/mod.py"), b"x = 1\n").unwrap();
    std::fs::write(park.join(".owner"), b"").unwrap();
    let store = tempfile::tempdir().unwrap();
    let summary = json(uvcache(&ours, store.path()).arg("prune"));
    assert!(!park.exists(), "{summary}");
    let mut after = tree(&ours);
    let mut before = tree(cache());
    after.retain(|p| !p.contains("venv"));
    before.retain(|p| !p.contains("venv"));
    assert_eq!(after, before, "nothing else was touched");
}
