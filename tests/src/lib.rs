//! Harness for end-to-end tests: the real tools (uv 0.13.9, nu 0.115.1, the built plugin) and
//! real caches filled by uv from the package registry.
//!
//! Tools come from `UV_BIN` / `NU_BIN` (set by `scripts/test.sh`, which installs the pinned
//! versions), else from `PATH`. A missing or wrong-version tool fails the test with a message
//! that says how to install it: these tests exist to compare with the real thing.

pub mod attacker;
pub mod http;
pub mod servers;
pub use uvcache::testing::synth;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// uv's pinned version.
pub const UV_VERSION: &str = "0.13.9";
/// nu's pinned version.
pub const NU_VERSION: &str = "0.115.1";

fn tool(var: &str, name: &str, version: &str, install: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(name));
    let out = Command::new(&path).arg("--version").output();
    match out {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains(version) => path,
        Ok(out) => panic!(
            "{} is {}, need {version}: {install} (or run scripts/test.sh)",
            path.display(),
            String::from_utf8_lossy(&out.stdout).trim()
        ),
        Err(e) => panic!(
            "cannot run {} ({e}): {install}, set {var}, or run scripts/test.sh",
            path.display()
        ),
    }
}

/// The real uv binary.
pub fn uv() -> &'static Path {
    static UV: OnceLock<PathBuf> = OnceLock::new();
    UV.get_or_init(|| tool("UV_BIN", "uv", UV_VERSION, "pip install uv==0.13.9"))
}

/// A real uv release: the default one ([`uv`]), or an older one installed by `scripts/tools.sh` under `UV_RELEASES_DIR`
/// (`pip install --target <dir>/<version> uv==<version>`).
pub fn uv_release(version: &str) -> PathBuf {
    if version == UV_VERSION {
        return uv().to_path_buf();
    }
    let dir = std::env::var_os("UV_RELEASES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(".tools/uv"));
    let path = dir.join(version).join("bin").join("uv");
    match Command::new(&path).arg("--version").output() {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .nth(1)
                == Some(version) =>
        {
            path
        }
        _ => panic!(
            "{} is not uv {version}: pip install --target {}/{version} uv=={version} \
             (or run scripts/test.sh)",
            path.display(),
            dir.display()
        ),
    }
}

/// A command of an older uv release, isolated like [`uv_cmd`]. Releases before rustls read
/// the system's certificates only with `UV_NATIVE_TLS`, so it is set (a TLS-intercepting
/// proxy's authority is in the system store).
pub fn uv_release_cmd(version: &str, cache: &Path, cwd: &Path) -> Command {
    let mut cmd = isolated(uv_release(version), cache, cwd);
    cmd.env("UV_NATIVE_TLS", "1");
    cmd
}

/// The directory name of a bucket family in the default release ([`UV_VERSION`]): `wheels`
/// gives `wheels-v8`.
pub fn bucket(family: &str) -> String {
    let release = uvcache::cache::layout::releases()
        .release_str(UV_VERSION)
        .expect("the table knows the default release");
    let family = uvcache::cache::layout::Bucket::from_prefix(family).expect("a bucket family");
    release.buckets.dir_name(family)
}

/// Paths of the inventory's `unknown` entries: none, for a cache that real uv filled.
pub fn unknown_entries(inventory: &uvcache::Inventory) -> Vec<&str> {
    inventory
        .entries
        .iter()
        .filter(|e| e.kind == uvcache::EntryKind::Unknown)
        .map(|e| e.path.as_str())
        .collect()
}

/// The real nu binary.
pub fn nu() -> &'static Path {
    static NU: OnceLock<PathBuf> = OnceLock::new();
    NU.get_or_init(|| tool("NU_BIN", "nu", NU_VERSION, "npm install nushell@0.115.1"))
}

/// The built plugin binary (`cargo build -p nu_plugin_uvcache` comes first in scripts/test.sh).
pub fn plugin() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> -> target/<profile>/nu_plugin_uvcache
    let path = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("nu_plugin_uvcache"))
        .expect("target dir");
    assert!(
        path.is_file(),
        "{} missing: run `cargo build -p nu_plugin_uvcache` first (scripts/test.sh does)",
        path.display()
    );
    path
}

/// Variables that reach the network (certificates, proxies, index mirrors): kept in the
/// otherwise cleared environments of the tools, so tests work behind a TLS-intercepting proxy.
pub fn network_env() -> Vec<(String, String)> {
    std::env::vars()
        .filter(|(k, _)| {
            let upper = k.to_ascii_uppercase();
            upper.starts_with("SSL_")
                || upper.contains("CA_BUNDLE")
                || upper.contains("PROXY")
                || upper.starts_with("UV_INDEX")
                || upper == "UV_DEFAULT_INDEX"
        })
        .collect()
}

/// The `PATH` every tool the tests start sees: the caller's, behind a folder that holds only the
/// pinned uv. uvcache takes the uv on `PATH` as its target release, so a test never depends on
/// whichever uv the machine has (none, an older one, a newer one).
pub fn test_path() -> &'static std::ffi::OsStr {
    static PATH: OnceLock<std::ffi::OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let target = exe
            .parent()
            .and_then(Path::parent)
            .and_then(Path::parent)
            .expect("target dir");
        let dir = target.join("tmp").join(format!("uv-on-path-{UV_VERSION}"));
        std::fs::create_dir_all(&dir).expect("uv-on-path dir");
        let link = dir.join("uv");
        if std::fs::read_link(&link).ok().as_deref() != Some(uv()) {
            // Made aside and renamed over: test binaries run side by side.
            let aside = dir.join(format!("uv.{}", std::process::id()));
            let _ = std::fs::remove_file(&aside);
            std::os::unix::fs::symlink(uv(), &aside).expect("uv link");
            std::fs::rename(&aside, &link).expect("uv link in place");
        }
        let rest = std::env::var_os("PATH").unwrap_or_default();
        std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest)))
            .expect("PATH")
    })
}

/// The `uvcache` command of the workspace, with [`test_path`]: its target release is the pinned
/// uv's unless the test says otherwise (`--uv-version`, `UVCACHE_UV_VERSION`, its own `PATH`).
pub fn uvcache_cli() -> Command {
    let mut cmd = Command::new(workspace_bin("uvcache"));
    cmd.env("PATH", test_path());
    cmd
}

/// A `uv` command isolated from the user's configuration, with its cache at `cache`.
pub fn uv_cmd(cache: &Path, cwd: &Path) -> Command {
    isolated(uv().to_path_buf(), cache, cwd)
}

/// `binary` (a uv) with a cleared environment: no user configuration, no Python downloads,
/// its cache at `cache`, only the variables that reach the network kept.
fn isolated(binary: PathBuf, cache: &Path, cwd: &Path) -> Command {
    let mut cmd = Command::new(binary);
    cmd.current_dir(cwd)
        .env_clear()
        .env("PATH", test_path())
        .env("HOME", cwd)
        .env("UV_CACHE_DIR", cache)
        .env("UV_NO_CONFIG", "1")
        .env("UV_PYTHON_DOWNLOADS", "never")
        .envs(network_env());
    cmd
}

/// Runs the `git` binary in `dir` with a fixed identity and no user configuration; returns its
/// trimmed stdout, or panics with its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = run(Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org"));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs a command, panicking with its output if it fails.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `uv cache size` of a cache, in bytes.
pub fn uv_cache_size(cache: &Path) -> u64 {
    let out = run(uv_cmd(cache, cache.parent().unwrap_or(cache)).args([
        "cache",
        "size",
        "--preview-features",
        "cache-size",
    ]));
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("uv cache size prints an integer")
}

/// `du -s -B1` of a directory, in bytes.
pub fn du(path: &Path) -> u64 {
    let out = run(Command::new("du").args(["-s", "-B1"]).arg(path));
    du_total(&out)
}

/// `du -s -B1` of a tree that is being deleted: what is left of it, in bytes. `du` says so
/// (and exits 1) when a file it listed is gone before it is counted; that is not a failure here.
pub fn du_while_deleted(path: &Path) -> u64 {
    let out = Command::new("du")
        .args(["-s", "-B1"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run du: {e}"));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success()
            || said
                .lines()
                .all(|l| l.ends_with("No such file or directory")),
        "du -s -B1 {} failed: {said}",
        path.display()
    );
    du_total(&out)
}

fn du_total(out: &Output) -> u64 {
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .expect("du output")
}

/// A real cache that uv filled, built once per test binary. It holds: registry wheels (six,
/// iniconfig, packaging), a wheel uv built from an sdist (tomli with --no-binary, which also
/// pulls its build backend), a direct-URL wheel, a `git+file://` dependency, a local path
/// dependency, and an editable.
pub struct RealCache {
    /// Working directory holding the cache, the venv and the local projects.
    pub dir: PathBuf,
    /// The cache root.
    pub cache: PathBuf,
}

const URL_WHEEL: &str = "https://files.pythonhosted.org/packages/2c/e1/e6716421ea10d38022b952c159d5161ca1193197fb744506875fbb87ea7b/iniconfig-2.1.0-py3-none-any.whl";

fn local_project(dir: &Path, name: &str) {
    let src = dir.join(name).join("src").join(name);
    std::fs::create_dir_all(&src).expect("project dir");
    std::fs::write(src.join("__init__.py"), "VALUE = 1\n").expect("module");
    std::fs::write(
        dir.join(name).join("pyproject.toml"),
        format!(
            "[project]\nname = \"{name}\"\nversion = \"0.1.0\"\n\n[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n"
        ),
    )
    .expect("pyproject");
}

impl RealCache {
    /// The shared cache of this test binary.
    pub fn get() -> &'static RealCache {
        static CACHE: OnceLock<RealCache> = OnceLock::new();
        CACHE.get_or_init(RealCache::build)
    }

    fn build() -> RealCache {
        let dir = scratch("real-cache");
        let cache = dir.join("cache");
        for name in ["localpkg", "edpkg", "gitpkg"] {
            local_project(&dir, name);
        }
        let repo = dir.join("gitpkg");
        git(&repo, &["init", "-q"]);
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-qm", "init"]);
        let uv = |args: &[&str]| {
            run(uv_cmd(&cache, &dir)
                .env("VIRTUAL_ENV", dir.join("venv"))
                .args(args))
        };
        uv(&["venv", "-q", "venv", "-p", "python3"]);
        uv(&[
            "pip",
            "install",
            "-q",
            "six",
            "iniconfig==2.3.1",
            "packaging",
        ]);
        uv(&["pip", "install", "-q", "--no-binary", "tomli", "tomli"]);
        uv(&["pip", "install", "-q", URL_WHEEL]);
        let git_url = format!("gitpkg @ git+file://{}", dir.join("gitpkg").display());
        uv(&[
            "pip",
            "install",
            "-q",
            &git_url,
            "./localpkg",
            "-e",
            "./edpkg",
        ]);
        RealCache { dir, cache }
    }

    /// A copy of the cache (with `cp -a`, which keeps symlinks and times) for tests that change it.
    pub fn copy(&self, name: &str) -> PathBuf {
        self.copy_of(&self.cache, name)
    }

    /// A copy of any directory, next to the cache.
    pub fn copy_of(&self, source: &Path, name: &str) -> PathBuf {
        let target = self.dir.join(name);
        let _ = std::fs::remove_dir_all(&target);
        run(Command::new("cp").arg("-a").arg(source).arg(&target));
        target
    }
}

/// A folder for data a whole test binary shares (a cache real uv filled): `target/tmp/<test
/// binary>-<name>`, emptied when first asked for in a run. Kept temporary folders would pile up
/// in /tmp run after run (133 of them, about 500 MB each, were found once); this one is
/// replaced.
pub fn scratch(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<binary>-<hash> -> target/tmp/<binary>-<name>
    let binary = exe
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let binary = binary.rsplit_once('-').map_or(binary.as_str(), |(b, _)| b);
    let target = exe
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .expect("target dir");
    let dir = target.join("tmp").join(format!("{binary}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs `script` in real nu with the plugin loaded; returns stdout, or panics with stderr.
pub fn nu_ok(cwd: &Path, envs: &[(&str, &str)], script: &str) -> String {
    let out = nu_run(cwd, envs, script);
    assert!(
        out.status.success(),
        "nu failed on `{script}`:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Asserts that `text` (an error, an output) says every one of `words`.
#[track_caller]
pub fn assert_says(text: &str, words: &[&str]) {
    let missing: Vec<&&str> = words.iter().filter(|w| !text.contains(**w)).collect();
    assert!(missing.is_empty(), "{missing:?} not in: {text}");
}

/// [`nu_run`] of a script that must fail; its standard error.
pub fn nu_fails(cwd: &Path, envs: &[(&str, &str)], script: &str) -> String {
    let out = nu_run(cwd, envs, script);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{script} succeeded: {err}");
    err
}

/// Runs `script` in real nu with the plugin loaded, with a clean environment plus `envs`.
pub fn nu_run(cwd: &Path, envs: &[(&str, &str)], script: &str) -> Output {
    let plugin = plugin();
    let mut cmd = Command::new(nu());
    cmd.current_dir(cwd)
        .env_clear()
        .env("PATH", test_path())
        .env("HOME", cwd)
        .args(["-n", "--no-history", "--error-style", "plain", "--plugins"])
        .arg(format!("[{}]", plugin.display()))
        .args(["-c", script]);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run nu")
}

/// A binary of the workspace (built by `cargo build --workspace --bins`, which scripts/test.sh
/// runs first): `uvcache-op`, `uvcache`, ...
pub fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let path = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join(name))
        .expect("target dir");
    assert!(
        path.is_file(),
        "{} missing: run `cargo build --workspace --bins` first (scripts/test.sh does)",
        path.display()
    );
    path
}

/// The `uvcache-op` helper binary.
pub fn uvcache_op() -> PathBuf {
    workspace_bin("uvcache-op")
}

/// The tree of a directory as `find -printf '%y %P %l'` prints it, sorted: what the
/// differential tests compare.
pub fn tree(dir: &Path) -> String {
    let out = run(Command::new("find")
        .arg(".")
        .args(["-printf", "%y %P %l\n"])
        .current_dir(dir));
    let mut lines: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("utf-8 paths")
        .lines()
        .collect();
    lines.sort();
    lines.join("\n")
}

/// Every symlink under `dir` whose target does not exist (relative to the link).
pub fn broken_links(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in rd.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                if std::fs::metadata(entry.path()).is_err() {
                    out.push(entry.path());
                }
            } else if kind.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    out
}

/// A new venv made by uv (`uv venv -p python3` and `args`) with the cache at `cache`, in a
/// temporary folder of `work`.
pub fn fresh_venv(cache: &Path, work: &Path, args: &[&str]) -> tempfile::TempDir {
    let venv = tempfile::Builder::new()
        .prefix("venv-")
        .tempdir_in(work)
        .expect("venv dir");
    run(uv_cmd(cache, work)
        .args(["venv", "-q", "-p", "python3"])
        .arg(venv.path())
        .args(args));
    venv
}

/// `uv pip install --offline PKGS` into a fresh venv, with the cache at `cache`; true if it
/// succeeded.
pub fn offline_install(cache: &Path, work: &Path, packages: &[&str]) -> Result<(), String> {
    let venv = fresh_venv(cache, work, &["--offline"]);
    let out = uv_cmd(cache, work)
        .env("VIRTUAL_ENV", venv.path())
        .args(["pip", "install", "--offline"])
        .args(packages)
        .output()
        .expect("run uv");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
