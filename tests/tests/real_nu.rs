//! The plugin in real Nushell 0.115.1, in real pipelines, on a cache real uv filled.

use uvcache_e2e::{RealCache, assert_says, bucket, nu_fails, nu_ok, nu_run, uv_cache_size};

#[test]
fn ls_in_a_pipeline_lists_wheel_packages() {
    let real = RealCache::get();
    let cache = real.cache.display().to_string();
    let out = nu_ok(
        &real.dir,
        &[("UV_CACHE_DIR", &cache)],
        "uvcache ls | where bucket == wheels | get package | uniq | sort | to nuon",
    );
    assert_eq!(
        out,
        "[flit-core, iniconfig, packaging, setuptools, six, tomli]"
    );
    let out = nu_ok(
        &real.dir,
        &[("UV_CACHE_DIR", &cache)],
        "uvcache ls --package Six --kind registry_wheel | get 0.size | describe",
    );
    assert_eq!(out, "filesize");
    let out = nu_ok(
        &real.dir,
        &[("UV_CACHE_DIR", &cache)],
        "uvcache ls | describe",
    );
    assert!(
        out.starts_with("table<path: string")
            && out.contains("last_use: datetime")
            && out.ends_with("(stream)"),
        "{out}"
    );
}

#[test]
fn size_total_is_uv_cache_size() {
    let real = RealCache::get();
    let cache = real.cache.display().to_string();
    let out = nu_ok(
        &real.dir,
        &[],
        &format!("uvcache size --cache-dir '{cache}' | get total | into int"),
    );
    assert_eq!(out.parse::<u64>().unwrap(), uv_cache_size(&real.cache));
    let sums = nu_ok(
        &real.dir,
        &[],
        &format!(
            "let s = uvcache size --cache-dir '{cache}' --by package; ($s.packages | get size | math sum) == $s.total"
        ),
    );
    assert_eq!(sums, "true");
}

#[test]
fn the_callers_env_and_directory_are_read_live() {
    let real = RealCache::get();
    let proj = real.dir.join("nu-proj");
    std::fs::create_dir_all(proj.join("sub")).unwrap();
    std::fs::write(proj.join("uv.toml"), "cache-dir = \"./from-project\"\n").unwrap();
    // `$env` changed inside the session and `cd` are seen by the (long-lived) plugin process.
    let script = format!(
        "cd '{}'; let a = (uvcache dir | get layer); $env.UV_CACHE_DIR = '/tmp/from-env'; let b = (uvcache dir | get path); [$a $b] | to nuon",
        proj.join("sub").display()
    );
    assert_eq!(nu_ok(&real.dir, &[], &script), "[project, /tmp/from-env]");
    // The plugin config record is honoured, below the environment variable.
    let script = "$env.config.plugins.uvcache = {cache_dir: '/tmp/from-plugin-config'}; uvcache dir | select path layer | to nuon";
    assert_eq!(
        nu_ok(&real.dir, &[], script),
        "{path: /tmp/from-plugin-config, layer: plugin-config}"
    );
    // The target release: the plugin config, then `$env.UVCACHE_UV_VERSION` set live, then the
    // flag; with 0.13.8 as the target, the default release's wheels bucket is a newer uv's.
    let cache = real.cache.display();
    let script = format!(
        "$env.config.plugins.uvcache = {{uv_version: '0.12.5'}}; \
         let a = (uvcache dir --cache-dir '{cache}' | select uv_version uv_version_layer); \
         $env.UVCACHE_UV_VERSION = '0.13.8'; \
         let b = (uvcache dir --cache-dir '{cache}' | get uv_version_from); \
         let c = (uvcache ls --cache-dir '{cache}' --uv-version 0.13.8 --bucket wheels | get status | uniq); \
         [$a $b $c] | to nuon"
    );
    assert_eq!(
        nu_ok(&real.dir, &[], &script),
        "[{uv_version: \"0.12.5\", uv_version_layer: plugin-config}, UVCACHE_UV_VERSION, [newer]]"
    );
    let err = nu_fails(&real.dir, &[], "uvcache dir --uv-version banana");
    assert_says(&err, &["banana", "--uv-version"]);
}

#[test]
fn bad_arguments_point_at_the_argument() {
    let real = RealCache::get();
    let out = nu_run(&real.dir, &[], "uvcache ls --bucket wheelz");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_says(
        &err,
        &["Unknown bucket `wheelz`", "expected one of: wheels"],
    );
    let err = nu_fails(
        &real.dir,
        &[],
        "$env.config.plugins.uvcache = {cache_dri: x}; uvcache dir",
    );
    assert!(err.contains("Unknown key `cache_dri`"), "{err}");
    std::fs::write(real.dir.join("broken.toml"), "cache-dir = [").unwrap();
    let err = nu_fails(
        &real.dir,
        &[("UV_CONFIG_FILE", "broken.toml")],
        "uvcache dir",
    );
    assert!(err.contains("broken.toml"), "{err}");
}

#[test]
fn clean_and_prune_in_nu_return_plans_and_summaries() {
    let real = RealCache::get();
    let copy = real.copy("nu-clean");
    let cache = copy.display().to_string();
    let before = uvcache_e2e::tree(&copy);
    // A dry run returns the plan and touches nothing.
    let out = nu_ok(
        &real.dir,
        &[],
        &format!(
            "uvcache clean six --dry-run --cache-dir '{cache}' | get items | where reason == package_match | get path | to nuon"
        ),
    );
    assert!(
        out.contains(&format!("{}/pypi/six", bucket("wheels")))
            && out.contains(&format!("{}/pypi/six.rkyv", bucket("simple"))),
        "{out}"
    );
    assert_eq!(uvcache_e2e::tree(&copy), before);
    let out = nu_ok(
        &real.dir,
        &[],
        &format!(
            "uvcache clean six --dry-run --cache-dir '{cache}' | get items | where reason == dangling_archive | get 0.package"
        ),
    );
    assert_eq!(out, "six");
    // The real run returns uv's summary; --verbose adds the table.
    let out = nu_ok(
        &real.dir,
        &[],
        &format!(
            "uvcache clean six --verbose --cache-dir '{cache}' | select message dry_run locked | to nuon"
        ),
    );
    assert!(
        out.starts_with("{message: \"Removed ")
            && out.contains("dry_run: false")
            && out.contains("locked: true"),
        "{out}"
    );
    assert!(!copy.join(format!("{}/pypi/six", bucket("wheels"))).exists());
    let out = nu_ok(
        &real.dir,
        &[("UV_CACHE_DIR", &cache)],
        "uvcache prune --ci | get size | describe",
    );
    assert_eq!(out, "filesize");
}

#[test]
fn destructive_commands_refuse_a_non_cache_at_the_flag() {
    let real = RealCache::get();
    let dir = real.dir.join("nu-not-a-cache");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("thesis.tex"), b"keep").unwrap();
    let err = nu_fails(
        &real.dir,
        &[],
        &format!("uvcache clean --cache-dir '{}'", dir.display()),
    );
    assert_says(&err, &["Not a uv cache", "--allow-non-cache"]);
    assert!(dir.join("thesis.tex").exists());
    let err = nu_fails(&real.dir, &[], "uvcache clean 'six!'");
    assert!(err.contains("Invalid package name"), "{err}");
}

#[test]
fn policies_in_nu_explain_themselves_and_blame_bad_input() {
    let real = RealCache::get();
    let copy = real.copy("nu-policy");
    let cache = copy.display().to_string();
    let proj = real.dir.join("nu-policy-proj");
    std::fs::create_dir_all(&proj).unwrap();
    std::fs::write(proj.join("uvcache.toml"), "[policy]\nuse = \"laptop\"\n").unwrap();
    let out = nu_ok(
        &proj,
        &[],
        "uvcache policy | where key == use | get 0 | select value layer line | to nuon",
    );
    assert_eq!(out, "{value: laptop, layer: uvcache-project, line: 2}");
    // A dry run returns every entry's decision and the rule behind it; nothing is removed.
    let before = uvcache_e2e::tree(&copy);
    let out = nu_ok(
        &proj,
        &[],
        &format!(
            "uvcache prune --cache-dir '{cache}' --keep-latest 1 --dry-run | get decisions | where decision == evict | get 0 | select package version reason | to nuon"
        ),
    );
    assert_says(&out, &["iniconfig", "2.1.0", "newest"]);
    assert_eq!(uvcache_e2e::tree(&copy), before);
    // Bad input: an unknown policy at the flag, a bad file with line and key.
    let err = nu_fails(
        &proj,
        &[],
        &format!("uvcache prune --cache-dir '{cache}' --policy no-such-policy"),
    );
    assert_says(&err, &["no-such-policy", "laptop"]);
    std::fs::write(
        proj.join("bad.toml"),
        "[[rules]]\naction = \"evict\"\nolder-than = \"a while\"\n",
    )
    .unwrap();
    let err = nu_fails(&proj, &[], "uvcache policy check bad.toml");
    assert_says(&err, &["line 3", "older-than"]);
    let err = nu_fails(&proj, &[], "uvcache prune --max-size -1B --dry-run");
    assert_says(&err, &["Invalid size", "at least 0 bytes"]);
}

/// The plugin and the CLI run one command layer: the same records for the same cache.
#[test]
fn plugin_and_cli_return_the_same_records() {
    let real = RealCache::get();
    let cache = real.copy("nu-cli-parity");
    let c = cache.display().to_string();
    let state = real.dir.join("nu-cli-parity-state");
    let state = state.display().to_string();
    let envs = [("UV_NO_CONFIG", "1"), ("XDG_STATE_HOME", state.as_str())];
    for command in [
        format!("size --cache-dir '{c}' --by package"),
        format!("size --cache-dir '{c}'"),
        format!("doctor --cache-dir '{c}'"),
        format!("policy --cache-dir '{c}' --policy laptop --keep-latest 2"),
        format!("prune --cache-dir '{c}' --ci --dry-run"),
    ] {
        let from_nu = nu_ok(
            &real.dir,
            &envs,
            &format!("uvcache {command} | to json --raw"),
        );
        let args: Vec<String> = command
            .split_whitespace()
            .map(|a| a.trim_matches('\'').to_string())
            .collect();
        // The same environment as nu's: its PATH too, which the plugin now reads (a list in
        // nu) and which decides the target release for both.
        let cli = uvcache_e2e::run(
            uvcache_e2e::uvcache_cli()
                .current_dir(&real.dir)
                .env_clear()
                .env("HOME", &real.dir)
                .env("PATH", uvcache_e2e::test_path())
                .envs(envs)
                .args(&args)
                .args(["--format", "json"]),
        );
        let a: serde_json::Value = serde_json::from_str(&from_nu).expect("nu's JSON");
        let b: serde_json::Value = serde_json::from_slice(&cli.stdout).expect("CLI JSON");
        assert_eq!(same_cache(a), same_cache(b), "uvcache {command}");
    }
}

/// A record without what says where an answer came from (the first of two runs walks and
/// writes the index, the second answers from it): `indexed_at`, `exact`, doctor's index row.
fn same_cache(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(record) = value.as_object_mut() {
        record.remove("indexed_at");
        record.remove("exact");
    }
    if let Some(rows) = value.as_array_mut() {
        rows.retain(|row| row["check"] != "index");
        // What asking uv took is timed anew by each run.
        for row in rows.iter_mut().filter(|row| row["check"] == "uv_on_path") {
            row["detail"] = row["detail"]
                .as_str()
                .map(|d| {
                    d.split(" ms")
                        .next()
                        .unwrap_or(d)
                        .trim_end_matches(char::is_numeric)
                })
                .unwrap_or_default()
                .into();
        }
    }
    value
}

#[test]
fn freshness_commands_in_nu_return_typed_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let store = dir.join("store").display().to_string();
    std::fs::write(dir.join("data.txt"), "payload").unwrap();
    std::fs::create_dir(dir.join("proj")).unwrap();
    std::fs::write(dir.join("proj/pyproject.toml"), "[project]\nname = \"p\"\n").unwrap();
    let envs = [
        ("UVCACHE_STORE_DIR", store.as_str()),
        ("UV_CACHE_DIR", "/nonexistent-uv-cache"),
    ];
    let out = nu_ok(
        dir,
        &envs,
        "[(uvcache fetch data.txt | get status) (uvcache fetch data.txt | get status) \
         (uvcache fetch data.txt | get bytes | describe) (uvcache dir --store | get store)] | to nuon",
    );
    assert_eq!(out, "[miss, hit, filesize, true]");
    // A saved key record goes back in through --compare, as a record.
    let out = nu_ok(
        dir,
        &envs,
        "let saved = (uvcache key proj); uvcache key proj --compare $saved | select keys changed rebuild | to nuon",
    );
    assert_eq!(out, "{keys: default, changed: [], rebuild: false}");
    let out = nu_ok(
        dir,
        &envs,
        "uvcache fetch data.txt | get path | path dirname | uvcache link $in linked --mode copy | get used",
    );
    assert_eq!(out, "copy");
    assert_eq!(
        std::fs::read_to_string(dir.join("linked/data.txt")).unwrap(),
        "payload"
    );
    // Errors point at the argument.
    let err = nu_fails(dir, &envs, "uvcache fetch ftp://example.org/x");
    assert_says(&err, &["Fetch failed", "unsupported scheme"]);
    let out = nu_run(
        dir,
        &envs,
        "uvcache link data.txt somewhere --mode teleport",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Unknown link mode `teleport`"), "{err}");
}

/// Every command's output, held in a variable: nu checks the value against the type the
/// command declares, so a column that may be empty (`digest`, `advice`, `file`) must be
/// declared so, and a list column must accept an empty list.
#[test]
fn outputs_match_their_declared_types_when_assigned() {
    let real = RealCache::get();
    let cache = real.cache.display().to_string();
    for command in [
        "uvcache ls",
        "uvcache envs",
        "uvcache doctor",
        "uvcache config",
        "uvcache size",
        "uvcache dir",
        "uvcache policy",
        "uvcache prune --dry-run",
        "uvcache clean six --dry-run",
    ] {
        let out = nu_ok(
            &real.dir,
            &[("UV_CACHE_DIR", &cache)],
            &format!("let x = {command}; $x | describe -d | get type"),
        );
        assert!(
            out == "list" || out == "record" || out == "table",
            "{command}: {out}"
        );
    }
}

/// A URL's credentials never show: not in the CLI's errors, not in the plugin's in real nu,
/// whether the URL is quoted by uvcache or inside the HTTP library's own error text.
#[test]
fn credentials_in_urls_never_show_in_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let (cache, store) = (tmp.path().join("cache"), tmp.path().join("store"));
    let (cache, store) = (cache.display().to_string(), store.display().to_string());
    let envs = [
        ("UV_CACHE_DIR", cache.as_str()),
        ("UVCACHE_STORE_DIR", store.as_str()),
    ];
    let calls = [
        (
            "fetch http://alice:s3cretpw@127.0.0.1:9/six-1.0-py3-none-any.whl --offline",
            "http://alice:****@127.0.0.1:9/six-1.0-py3-none-any.whl",
        ),
        (
            "git https://t0kenpw@127.0.0.1:9/repo.git --offline",
            "https://****@127.0.0.1:9/repo.git",
        ),
        (
            "remote ls webdav+http://bob:s3cretpw@127.0.0.1:9/remote",
            "webdav+http://bob:****@127.0.0.1:9/remote",
        ),
    ];
    for (call, masked) in calls {
        let cli = uvcache_e2e::uvcache_cli()
            .current_dir(tmp.path())
            .env("HOME", tmp.path())
            .envs(envs)
            .args(call.split(' '))
            .output()
            .unwrap();
        assert!(!cli.status.success(), "uvcache {call} succeeded");
        let from_cli = String::from_utf8_lossy(&cli.stderr).into_owned();
        // Nushell's error shows the caller's own script as its snippet: that line is theirs.
        let from_nu = nu_fails(tmp.path(), &envs, &format!("uvcache {call}"))
            .lines()
            .filter(|line| !line.starts_with("snippet line"))
            .collect::<Vec<_>>()
            .join("\n");
        for err in [from_cli, from_nu] {
            assert_says(&err, &[masked]);
            assert!(
                !err.contains("s3cretpw") && !err.contains("t0kenpw"),
                "a credential shows: {err}"
            );
        }
    }
}
