//! Which environments use each entry, on environments and a cache real uv made: two project
//! venvs linked by hardlink that share packages, a tool from `uv tool install`, a venv in copy
//! mode, a wheel uv built from an sdist, and a package uninstalled from one venv. Checked
//! through the CLI and through the plugin in real nu; then a policy evicting `used = false`
//! runs, and every environment still imports its packages and uv still installs the used
//! packages offline.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use uvcache_e2e::{nu_ok, offline_install, run, uv_cmd, uvcache_cli};

/// The world: a cache and the environments uv filled from it.
struct World {
    dir: PathBuf,
    cache: PathBuf,
}

impl World {
    fn build() -> World {
        let dir = uvcache_e2e::scratch("world");
        let cache = dir.join("cache");
        let uv = |venv: Option<&Path>, link: &str, args: &[&str]| {
            let mut cmd = uv_cmd(&cache, &dir);
            cmd.env("UV_LINK_MODE", link)
                .env("UV_TOOL_DIR", dir.join("tools"))
                .env("UV_TOOL_BIN_DIR", dir.join("bin"));
            if let Some(venv) = venv {
                cmd.env("VIRTUAL_ENV", venv);
            }
            run(cmd.args(args));
        };
        for project in ["a", "b"] {
            std::fs::create_dir_all(dir.join(project)).expect("project dir");
            std::fs::write(
                dir.join(project).join("pyproject.toml"),
                format!("[project]\nname = \"{project}\"\nversion = \"0\"\n"),
            )
            .expect("pyproject");
        }
        let a = dir.join("a/.venv");
        let b = dir.join("b/.venv");
        let c = dir.join("c");
        for venv in [&a, &b, &c] {
            run(uv_cmd(&cache, &dir)
                .args(["venv", "-q", "-p", "python3"])
                .arg(venv));
        }
        // a: a wheel built from an sdist (tomli) and its build backend, installed too so that
        // it is used; a and b share six and iniconfig.
        let install = |venv: &Path, link: &str, packages: &[&str]| {
            let args: Vec<&str> = ["pip", "install", "-q"]
                .iter()
                .chain(packages)
                .copied()
                .collect();
            uv(Some(venv), link, &args);
        };
        install(&a, "hardlink", &["six", "iniconfig==2.3.1", "flit-core"]);
        install(&a, "hardlink", &["--no-binary", "tomli", "tomli"]);
        install(&b, "hardlink", &["six", "iniconfig==2.3.1", "packaging"]);
        install(&c, "copy", &["six"]);
        uv(None, "hardlink", &["tool", "install", "-q", "pycowsay"]);
        uv(
            Some(&b),
            "hardlink",
            &["pip", "uninstall", "-q", "packaging"],
        );
        World { dir, cache }
    }

    /// `uvcache ARGS --format json` here, with the tools directory and the two ways of naming
    /// environments (a flag glob and the variable).
    fn uvcache(&self, args: &[&str]) -> Output {
        uvcache_cli()
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", uvcache_e2e::test_path())
            .env("HOME", &self.dir)
            .env("UV_NO_CONFIG", "1")
            .env("UV_TOOL_DIR", self.dir.join("tools"))
            .env("UVCACHE_ENVIRONMENTS", self.dir.join("c"))
            .arg("--cache-dir")
            .arg(&self.cache)
            .args(["--environments", "*/.venv", "--format", "json"])
            .args(args)
            .output()
            .expect("run uvcache")
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.uvcache(args);
        assert!(
            out.status.success(),
            "uvcache {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    fn path(&self, rel: &str) -> String {
        self.dir.join(rel).display().to_string()
    }
}

/// `(environment, evidence)` of the wheel entries of `package`, and their kinds.
fn uses(ls: &serde_json::Value, package: &str) -> Vec<(String, Vec<(String, String)>)> {
    ls.as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["package"] == package && r["kind"].as_str().unwrap_or("").ends_with("wheel"))
        .filter(|r| !r["references"].as_array().expect("list").is_empty())
        .map(|r| {
            let envs = r["used_by"].as_array().expect("list");
            let evidence = r["used_by_evidence"].as_array().expect("list");
            let pairs = envs
                .iter()
                .zip(evidence)
                .map(|(e, v)| {
                    (
                        e.as_str().unwrap().to_string(),
                        v.as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (r["kind"].as_str().unwrap().to_string(), pairs)
        })
        .collect()
}

#[test]
fn environments_real_uv_made_keep_what_they_use() {
    let w = World::build();
    let (a, b, c) = (w.path("a/.venv"), w.path("b/.venv"), w.path("c"));
    let tool = w.path("tools/pycowsay");
    let hard = |env: &str| (env.to_string(), "hardlink".to_string());
    let version = |env: &str| (env.to_string(), "version".to_string());

    // The layout the engine's unit tests synthesize, as real uv writes it: the installed
    // METADATA is the archive's (hardlink mode), and a wheel uv built carries uv_build.json.
    let site = |venv: &str| {
        std::fs::read_dir(Path::new(venv).join("lib"))
            .expect("lib")
            .flatten()
            .map(|d| d.path().join("site-packages"))
            .find(|p| p.is_dir())
            .expect("site-packages")
    };
    assert!(
        site(&a)
            .join("tomli-2.5.0.dist-info/uv_build.json")
            .is_file()
            || {
                // Another tomli release since: any built tomli dist-info has it.
                std::fs::read_dir(site(&a))
                    .expect("site")
                    .flatten()
                    .any(|d| {
                        let name = d.file_name().to_string_lossy().into_owned();
                        name.starts_with("tomli-") && d.path().join("uv_build.json").is_file()
                    })
            }
    );

    let ls = w.json(&["ls"]);
    assert_eq!(
        uses(&ls, "six"),
        [(
            "registry_wheel".into(),
            vec![hard(&a), hard(&b), version(&c)]
        )]
    );
    assert_eq!(
        uses(&ls, "iniconfig"),
        [("registry_wheel".into(), vec![hard(&a), hard(&b)])]
    );
    assert_eq!(uses(&ls, "tomli"), [("built_wheel".into(), vec![hard(&a)])]);
    assert_eq!(
        uses(&ls, "flit-core"),
        [("registry_wheel".into(), vec![hard(&a)])]
    );
    assert_eq!(
        uses(&ls, "pycowsay"),
        [("registry_wheel".into(), vec![hard(&tool)])]
    );
    assert_eq!(uses(&ls, "packaging"), [("registry_wheel".into(), vec![])]);

    let envs = w.json(&["envs"]);
    let row = |path: &str| {
        envs.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("no row for {path} in {envs:#}"))
            .clone()
    };
    let (ra, rb, rc, rt) = (row(&a), row(&b), row(&c), row(&tool));
    assert_eq!(
        (
            ra["kind"].as_str(),
            ra["found_by"].as_str(),
            ra["entries"].as_i64(),
            ra["hardlinked"].as_i64()
        ),
        (Some("project"), Some("flag"), Some(5), Some(4)),
        "four linked wheels, and the metadata of tomli's platform wheel uv read to resolve"
    );
    assert_eq!(
        (
            rb["kind"].as_str(),
            rb["packages"].as_i64(),
            rb["hardlinked"].as_i64()
        ),
        (Some("project"), Some(2), Some(2)),
        "packaging was uninstalled from b"
    );
    assert_eq!(
        (
            rc["kind"].as_str(),
            rc["found_by"].as_str(),
            rc["entries"].as_i64(),
            rc["hardlinked"].as_i64()
        ),
        (Some("venv"), Some("environment"), Some(1), Some(0))
    );
    assert_eq!(rc["shared"].as_i64(), Some(0));
    assert!(ra["shared"].as_i64().unwrap_or(0) > 0);
    assert_eq!(
        (rt["kind"].as_str(), rt["rule"].as_str()),
        (Some("tool"), Some("UV_TOOL_DIR"))
    );
    assert_eq!(
        rt["python"].as_str().map(|p| p.starts_with('3')),
        Some(true)
    );

    // The plugin in real nu: used_by is a list<string> a pipeline filters on.
    let env = [
        ("UV_TOOL_DIR", w.dir.join("tools").display().to_string()),
        ("UVCACHE_ENVIRONMENTS", c.clone()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let cache = w.cache.display().to_string();
    let script = format!(
        "let rows = uvcache ls --cache-dir {cache} --environments ['*/.venv']; \
         [($rows | where package == six and kind == registry_wheel | get 0.used_by | describe), \
          ($rows | where package == six and kind == registry_wheel | get 0.used_by | length), \
          ($rows | where used_by == [] and package == packaging and kind == registry_wheel | length), \
          (uvcache envs --cache-dir {cache} --environments ['*/.venv'] | where kind == tool | get 0.entries)] | to json -r"
    );
    assert_eq!(nu_ok(&w.dir, &env, &script), "[\"list<string>\",3,1,1]");
    // The plugin config names places too, as its own layer.
    let script = format!(
        "$env.config.plugins.uvcache = {{environments: ['{c}']}}; \
         uvcache envs --cache-dir {cache} | where path == '{c}' | get 0.found_by"
    );
    assert_eq!(nu_ok(&w.dir, &env[..1], &script), "plugin-config");

    // A policy that evicts the wheels nothing uses: exactly the uninstalled package's wheel
    // goes (metadata-only pointers of installed versions stay: uv's resolver reads them).
    let policy = w.dir.join("unused-wheels.toml");
    std::fs::write(
        &policy,
        "[[rules]]\naction = \"keep\"\nused = true\n\n[[rules]]\naction = \"evict\"\nused = false\nbuckets = [\"wheels\", \"sdists\"]\n",
    )
    .expect("policy");
    let policy = policy.display().to_string();
    let plan = w.json(&["prune", "--policy", &policy, "--dry-run"]);
    let decisions = plan["decisions"].as_array().expect("decisions");
    let evicted: Vec<&serde_json::Value> = decisions
        .iter()
        .filter(|d| d["decision"] == "evict")
        .collect();
    assert!(
        evicted.iter().any(|d| d["package"] == "packaging"),
        "{evicted:#?}"
    );
    let gone: Vec<&str> = evicted.iter().filter_map(|d| d["entry"].as_str()).collect();
    assert!(
        evicted.iter().all(|d| d["package"] == "packaging") && gone.len() == 1,
        "{gone:?}"
    );
    let kept_six = decisions
        .iter()
        .find(|d| d["package"] == "six" && d["kind"] == "registry_wheel")
        .expect("six decision");
    assert_eq!(
        kept_six["reason"].as_str(),
        Some(format!("used by {a} (hardlink), {b} (hardlink), {c} (version)").as_str())
    );
    w.json(&["prune", "--policy", &policy]);
    let after = w.json(&["ls"]);
    assert!(
        uses(&after, "packaging").is_empty(),
        "packaging's wheel was evicted"
    );
    for package in ["six", "iniconfig", "tomli", "flit-core", "pycowsay"] {
        assert_eq!(uses(&after, package).len(), 1, "{package} stays");
    }

    // The environments never needed the cache: each still imports its packages.
    for (venv, modules) in [
        (&a, "six, iniconfig, tomli, flit_core"),
        (&b, "six, iniconfig"),
        (&c, "six"),
    ] {
        run(Command::new(Path::new(venv).join("bin/python"))
            .args(["-c", &format!("import {modules}")]));
    }
    run(Command::new(w.dir.join("bin/pycowsay")).arg("moo"));
    // And uv still installs what is used, offline, from the cache.
    offline_install(
        &w.cache,
        &w.dir,
        &["six", "iniconfig==2.3.1", "flit-core", "pycowsay"],
    )
    .expect("offline install of the used packages");
    offline_install(&w.cache, &w.dir, &["--no-binary", "tomli", "tomli"])
        .expect("offline install of the built wheel");
    assert!(
        offline_install(&w.cache, &w.dir, &["packaging"]).is_err(),
        "packaging's wheel is gone"
    );
}

/// Bad places: a glob that matches nothing and a directory that is not an environment are
/// warnings; an environment with a broken pyvenv.cfg and a dist-info without METADATA is listed
/// with its problems. Nothing fails.
#[test]
fn bad_environments_are_reported_not_fatal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = dir.path().join("broken");
    let info = env.join("lib/python3.12/site-packages/thing-1.0.dist-info");
    std::fs::create_dir_all(&info).expect("dist-info");
    std::fs::write(
        env.join("pyvenv.cfg"),
        "version_info = 3.12.1\nnot a setting\n",
    )
    .expect("cfg");
    std::fs::create_dir_all(dir.path().join("plain")).expect("plain");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("loop");
    let out = uvcache_cli()
        .current_dir(dir.path())
        .env_clear()
        .env("HOME", dir.path())
        .env("UV_NO_CONFIG", "1")
        .args(["envs", "--format", "json", "--cache-dir"])
        .arg(dir.path().join("cache"))
        .args(["--environments", "broken", "--environments", "plain"])
        .args(["--environments", "nowhere/*", "--environments", "loop/**"])
        .output()
        .expect("run uvcache");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("`nowhere/*` matched no Python environment; named in --environments"),
        "{stderr}"
    );
    assert!(
        stderr.contains("plain` is not a Python environment (no pyvenv.cfg)"),
        "{stderr}"
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = rows.as_array().expect("rows");
    assert_eq!(
        rows.len(),
        1,
        "the broken env once, though the loop reaches it again: {rows:#?}"
    );
    let problems = rows[0]["problems"].to_string();
    assert!(
        problems.contains("line 2: `not a setting` is not `key = value`"),
        "{problems}"
    );
    assert!(
        problems.contains("`thing-1.0.dist-info` has no METADATA"),
        "{problems}"
    );
    assert_eq!(rows[0]["python"], "3.12.1");
}
