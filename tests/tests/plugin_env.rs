//! The plugin sees the caller's world as the CLI does, in real nu 0.115.1 run as users run it
//! (a config and an env file, `PATH` a list): the uv first on `PATH` decides the target
//! release, `python3` on `PATH` is what a pull judges for, a bool or an int in `$env` counts,
//! `ENV_CONVERSIONS` apply, and a shim in front of uv is followed as the user's shell would
//! follow it, per variable and per directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use uvcache_e2e::{assert_says, nu, plugin, run, uv_release, uvcache_cli};

/// nu as a user runs it: `env.nu` and `config.nu` of `dir`, the plugin given on the command
/// line, `HOME` in `dir`, and a `PATH` holding the system's folders only (env.nu prepends).
fn nu_as_user(dir: &Path, env_nu: &str, config_nu: &str, script: &str) -> Output {
    std::fs::write(dir.join("env.nu"), env_nu).expect("env.nu");
    std::fs::write(dir.join("config.nu"), config_nu).expect("config.nu");
    Command::new(nu())
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .env("PATH", "/usr/bin:/bin")
        .arg("--config")
        .arg(dir.join("config.nu"))
        .arg("--env-config")
        .arg(dir.join("env.nu"))
        .args(["--no-history", "--error-style", "plain", "--plugins"])
        .arg(format!("[{}]", plugin().display()))
        .args(["-c", script])
        .output()
        .expect("run nu")
}

fn nu_json(dir: &Path, env_nu: &str, config_nu: &str, script: &str) -> Value {
    let out = nu_as_user(dir, env_nu, config_nu, script);
    assert!(
        out.status.success(),
        "nu failed on `{script}`:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// The CLI with a clean environment: `HOME` in `dir`, and `vars`.
fn cli_json(dir: &Path, vars: &[(&str, &str)], args: &[&str]) -> Value {
    let mut cmd = uvcache_cli();
    cmd.current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .args(args)
        .args(["--format", "json"]);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = run(&mut cmd);
    serde_json::from_slice(&out.stdout).expect("json")
}

/// A folder holding only a link named `name` to `target`.
fn folder_with(dir: &Path, name: &str, target: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("folder");
    let link = dir.join(name);
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(target, &link).expect("link");
    dir.to_path_buf()
}

/// `python3` as the test machine has it.
fn system_python() -> PathBuf {
    let out = run(Command::new("python3").args(["-c", "import sys; print(sys.executable)"]));
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// [`nu_as_user`] of a script that must fail; its standard error.
fn nu_user_fails(dir: &Path, env_nu: &str, config_nu: &str, script: &str) -> String {
    let out = nu_as_user(dir, env_nu, config_nu, script);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{script} succeeded: {said}");
    said
}

#[test]
fn the_plugin_reads_list_path_bools_ints_and_conversions_as_nu_passes_them() {
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    let uv_dir = folder_with(&dir.join("uv-0.13.8"), "uv", &uv_release("0.13.8"));
    let py_dir = folder_with(&dir.join("py"), "python3", &system_python());
    let env_nu = format!(
        "$env.PATH = ($env.PATH | prepend ['{}' '{}'])\n",
        uv_dir.display(),
        py_dir.display()
    );
    // The uv first on the list PATH decides the release, as for the CLI with PATH a string.
    let dir_row = nu_json(dir, &env_nu, "", "uvcache dir | to json");
    assert_eq!(dir_row["uv_version"], "0.13.8", "{dir_row}");
    assert_eq!(dir_row["uv_version_layer"], "detected", "{dir_row}");
    let path = format!("{}:{}:/usr/bin:/bin", uv_dir.display(), py_dir.display());
    let cli_row = cli_json(dir, &[("PATH", &path)], &["dir"]);
    assert_eq!(cli_row["uv_version"], dir_row["uv_version"]);

    // python3 on PATH is what a pull judges for.
    let store = dir.join("store/uvcache-remote-v1");
    std::fs::create_dir_all(&store).expect("store");
    std::fs::write(store.join("remote"), "uvcache remote\n").expect("marker");
    let remote = format!("file://{}", dir.join("store").display());
    let pull = format!(
        "uvcache pull {remote} --dry-run --trust-unsigned --cache-dir {} | get judged_for.pythons | to json",
        dir.join("cache").display()
    );
    let pythons = nu_json(dir, &env_nu, "", &pull);
    assert_eq!(pythons.as_array().map(Vec::len), Some(1), "{pythons}");
    let cli = cli_json(
        dir,
        &[("PATH", &path)],
        &[
            "pull",
            &remote,
            "--dry-run",
            "--trust-unsigned",
            "--cache-dir",
            "cache",
        ],
    );
    assert_eq!(cli["judged_for"]["pythons"], pythons);

    // A bool and an int, set in nu.
    let no_cache = nu_json(
        dir,
        &format!("{env_nu}$env.UV_NO_CACHE = true\n"),
        "",
        "uvcache dir | to json",
    );
    assert_eq!(
        (&no_cache["layer"], &no_cache["temporary"]),
        (&Value::from("environment"), &Value::from(true)),
        "{no_cache}"
    );
    let keep = nu_json(
        dir,
        &format!("{env_nu}$env.UVCACHE_KEEP_LATEST = 1\n"),
        "",
        "uvcache policy | where key == keep-latest | get 0 | to json",
    );
    assert_eq!(
        (&keep["value"], &keep["layer"]),
        (&Value::from("1"), &Value::from("environment")),
        "{keep}"
    );

    // A conversion closure of the user's: the plugin reads what an external command gets.
    let converted = nu_json(
        dir,
        &format!(
            "{env_nu}$env.ENV_CONVERSIONS = {{UVCACHE_ENVIRONMENTS: {{from_string: {{|s| $s | split row ':'}} to_string: {{|v| $v | str join ':'}}}}}}\n$env.UVCACHE_ENVIRONMENTS = ['{d}/a' '{d}/b']\n",
            d = dir.display()
        ),
        "",
        "[(^printenv UVCACHE_ENVIRONMENTS | str trim) (uvcache config | where key == environments | get 0.value)] | to json",
    );
    let pair = converted.as_array().expect("pair");
    assert_eq!(
        pair[0],
        Value::from(format!("{d}/a:{d}/b", d = dir.display()))
    );
    assert!(
        pair[1]
            .as_str()
            .is_some_and(|v| v.contains("/a") && v.contains("/b")),
        "{converted}"
    );
}

/// A shim as version managers write them: it runs one of two real uv releases, chosen by a
/// variable, else by a file in the working directory.
fn shim(dir: &Path) -> PathBuf {
    let shims = dir.join("shims");
    std::fs::create_dir_all(&shims).expect("shims");
    let script = format!(
        "#!/bin/sh\nif [ -n \"$UV_PICK\" ]; then pick=\"$UV_PICK\"; \
         elif [ -f .uv-pick ]; then read -r pick < .uv-pick; else pick=0.13.8; fi\n\
         case \"$pick\" in 0.13.8) exec '{a}' \"$@\";; *) exec '{b}' \"$@\";; esac\n",
        a = uv_release("0.13.8").display(),
        b = uv_release("0.11.33").display()
    );
    let path = shims.join("uv");
    std::fs::write(&path, script).expect("shim");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("mode");
    shims
}

#[test]
fn a_shim_is_followed_by_variable_and_by_directory_and_a_replaced_binary_is_asked_again() {
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    let shims = shim(dir);
    let path = format!("{}:/usr/bin:/bin", shims.display());
    for pick in ["0.13.8", "0.11.33"] {
        let row = cli_json(dir, &[("PATH", &path), ("UV_PICK", pick)], &["dir"]);
        assert_eq!(row["uv_version"], pick, "{row}");
    }
    // doctor says uv is reached through a script, what asking costs, and how to pin.
    let rows = cli_json(dir, &[("PATH", &path)], &["doctor"]);
    let shim_row = rows
        .as_array()
        .and_then(|r| r.iter().find(|r| r["check"] == "uv_on_path"))
        .expect("uv_on_path row")
        .clone();
    let detail = shim_row["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("script") && detail.contains(" ms"),
        "{shim_row}"
    );
    assert!(
        shim_row["advice"]
            .as_str()
            .is_some_and(|a| a.contains("UVCACHE_UV_VERSION")),
        "{shim_row}"
    );
    for (project, pick) in [("a", "0.13.8"), ("b", "0.11.33")] {
        std::fs::create_dir_all(dir.join(project)).expect("project");
        std::fs::write(dir.join(project).join(".uv-pick"), pick).expect("pick");
    }
    let env_nu = format!("$env.PATH = ($env.PATH | prepend '{}')\n", shims.display());
    let versions = nu_json(
        dir,
        &env_nu,
        "",
        "cd a; let x = (uvcache dir | get uv_version); cd ../b; let y = (uvcache dir | get uv_version); cd ../a; [$x $y (uvcache dir | get uv_version)] | to json",
    );
    assert_eq!(versions, serde_json::json!(["0.13.8", "0.11.33", "0.13.8"]));
    // A real binary replaced in place under the same path: asked again, in one nu session.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    std::fs::copy(uv_release("0.13.8"), bin.join("uv")).expect("copy uv");
    let env_nu = format!("$env.PATH = ($env.PATH | prepend '{}')\n", bin.display());
    let script = format!(
        "let x = (uvcache dir | get uv_version); ^cp '{}' '{}'; [$x (uvcache dir | get uv_version)] | to json",
        uv_release("0.11.33").display(),
        bin.join("uv").display()
    );
    let versions = nu_json(dir, &env_nu, "", &script);
    assert_eq!(versions, serde_json::json!(["0.13.8", "0.11.33"]));
}

#[test]
fn plugin_config_paths_expand_like_nushell_and_a_wrong_type_is_pointed_at() {
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    std::fs::create_dir_all(dir.join("sub")).expect("sub");
    let config =
        "$env.config.plugins.uvcache = {cache_dir: '~/big-disk/uv-cache', store_dir: 'store'}\n";
    let rows = nu_json(
        dir,
        "",
        config,
        "cd sub; [(uvcache dir | get path) (uvcache dir --store | get path)] | to json",
    );
    assert_eq!(
        rows,
        serde_json::json!([
            dir.join("big-disk/uv-cache").display().to_string(),
            dir.join("sub/store").display().to_string()
        ])
    );
    let said = nu_user_fails(
        dir,
        "",
        "$env.config.plugins.uvcache = {cache_dir: 5}\n",
        "uvcache dir",
    );
    assert_says(&said, &["cache_dir", "expected a path"]);
}

/// Ctrl-C in nu during a slow fetch: the plugin stops within a second and stores nothing.
#[test]
fn ctrl_c_in_nu_stops_a_slow_fetch_and_nothing_is_stored() {
    use uvcache_e2e::http::{Reply, Server};
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    let server = Server::start();
    server.route("/slow.bin", |_| Reply {
        chunk_pause: Some(std::time::Duration::from_secs(5)),
        ..Reply::ok(&[], vec![7u8; 4 * 64 * 1024])
    });
    let url = server.url("/slow.bin");
    let store = dir.join("store");
    let child = Command::new(nu())
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir)
        .env("PATH", "/usr/bin:/bin")
        .args(["-n", "--no-history", "--error-style", "plain", "--plugins"])
        .arg(format!("[{}]", plugin().display()))
        .arg("-c")
        .arg(format!(
            "uvcache fetch {url} --store-dir {}",
            store.display()
        ))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("nu");
    // The download has started (its first 64 KiB are out) when ctrl-c comes.
    let started = std::time::Instant::now();
    while server.sent() == 0 && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    run(Command::new("kill").args(["-INT", &child.id().to_string()]));
    let signalled = std::time::Instant::now();
    let out = child.wait_with_output().expect("nu exits");
    let took = signalled.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && said.contains("nterrupted"),
        "{said}"
    );
    assert!(took < std::time::Duration::from_secs(1), "took {took:?}");
    let offline = uvcache_cli()
        .args(["fetch", &url, "--offline", "--store-dir"])
        .arg(&store)
        .output()
        .expect("fetch");
    assert!(
        !offline.status.success(),
        "the interrupted download was stored: {}",
        String::from_utf8_lossy(&offline.stdout)
    );
}

/// An invalid `--policy` file is pointed at on the flag (its line and key named), in nu and in
/// the CLI; a bad `uv_version` in the plugin config is pointed at in the config; a policy name
/// from a variable has no line to name.
#[test]
fn errors_about_a_flags_or_settings_value_point_at_it() {
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    let policy = dir.join("bad.toml");
    std::fs::write(
        &policy,
        "[[rules]]\naction = \"evict\"\nolder-than = \"banana\"\n",
    )
    .expect("policy");
    let script = format!(
        "uvcache prune --dry-run --uv-version 0.13.9 --policy {}",
        policy.display()
    );
    let out = nu_as_user(dir, "", "", &script);
    let said = String::from_utf8_lossy(&out.stderr);
    let column = script.find("--policy").expect("flag") + 1;
    assert!(said.contains("Invalid --policy"), "{said}");
    assert!(
        said.contains(&format!("label at line 1, columns {column} to")) && said.contains("line 3"),
        "{said}"
    );
    let cli = uvcache_cli()
        .current_dir(dir)
        .env("HOME", dir)
        .args(["prune", "--dry-run", "--uv-version", "0.13.9", "--policy"])
        .arg(&policy)
        .output()
        .expect("cli");
    let said = String::from_utf8_lossy(&cli.stderr);
    assert_says(&said, &["Invalid --policy", "line 3", "older-than"]);
    let out = nu_as_user(
        dir,
        "",
        "$env.config.plugins.uvcache = {uv_version: 'banana'}\n",
        "uvcache dir",
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert_says(&said, &["uv_version", "not a uv version"]);
    assert!(
        said.contains("config.nu") || said.contains("label at line 1"),
        "{said}"
    );
    let env = uvcache_cli()
        .current_dir(dir)
        .env("HOME", dir)
        .env("UVCACHE_POLICY", "nosuch")
        .args(["prune", "--dry-run", "--uv-version", "0.13.9"])
        .output()
        .expect("cli");
    let said = String::from_utf8_lossy(&env.stderr);
    assert!(
        said.contains("UVCACHE_POLICY") && !said.contains("line 0"),
        "{said}"
    );
}

/// A command's own bad flag is reported before a bad plugin setting, as each command reads its
/// flags before the caller's world (and as the CLI, which has no plugin config, reports it).
#[test]
fn a_bad_flag_is_reported_before_a_bad_setting() {
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    let said = nu_user_fails(
        dir,
        "",
        "$env.config.plugins.uvcache = {cache_dir: 5}\n",
        "uvcache prune --dry-run --interval -1day",
    );
    assert!(said.contains("Invalid --interval"), "{said}");
    assert!(!said.contains("cache_dir"), "{said}");
}

/// A store inside the cache root (uv's prune would delete it, and every walk would count it)
/// is refused with a clear error by every command that reads the cache, in nu and the CLI.
#[test]
fn a_store_inside_the_cache_is_refused_everywhere() {
    let work = tempfile::tempdir().expect("work");
    let dir = work.path();
    let cache = dir.join("cache");
    std::fs::create_dir_all(&cache).expect("cache");
    let inside = cache.join("mystore");
    let inside = inside.to_str().expect("path");
    for command in [["size"], ["ls"]] {
        let out = uvcache_cli()
            .current_dir(dir)
            .env_clear()
            .env("HOME", dir)
            .env("UVCACHE_STORE_DIR", inside)
            .args(["--uv-version", "0.13.9", "--cache-dir"])
            .arg(&cache)
            .args(command)
            .output()
            .expect("cli");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && said.contains("inside uv's cache"),
            "{said}"
        );
    }
    let out = nu_as_user(
        dir,
        &format!("$env.UVCACHE_STORE_DIR = '{inside}'\n"),
        "",
        &format!(
            "uvcache size --uv-version 0.13.9 --cache-dir {}",
            cache.display()
        ),
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && said.contains("inside uv's cache"),
        "{said}"
    );
    assert!(
        !std::path::Path::new(inside).exists(),
        "nothing was written there"
    );
}
