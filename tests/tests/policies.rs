//! Policy-driven prune on caches real uv filled; uv judges what survives.

use std::process::Command;
use std::time::Duration;

use uvcache::cache::inventory::{Inventory, Options};
use uvcache::config::{Config, Flags, FrontendSettings, Layer};
use uvcache::policy::{Clock, PolicyFlags, effective, execute, parse};
use uvcache::removal::RunOptions;
use uvcache::{EntryKind, Environment};
use uvcache_e2e::{RealCache, assert_says, bucket, offline_install, run, uv_cache_size};

fn options() -> RunOptions<'static> {
    let mut options = RunOptions::new(uvcache::cache::layout::newest(), &uvcache::progress::Silent);
    options.timeout = Duration::from_secs(5);
    options.scan.threads = 2;
    options
}

/// A copy whose files all look untouched for ten days, then `six` used just now by uv.
fn aged_copy(name: &str) -> std::path::PathBuf {
    let real = RealCache::get();
    let cache = real.copy(name);
    run(Command::new("find").arg(&cache).args([
        "-exec",
        "touch",
        "-h",
        "-d",
        "10 days ago",
        "{}",
        "+",
    ]));
    // On a copy of the copy, so the interpreter entries uv adds do not skew sizes here; the
    // read of six's pointer files is what matters, and it happens on this cache.
    let out = uvcache_e2e::uv_cmd(&cache, &real.dir)
        .env("VIRTUAL_ENV", real.dir.join("venv"))
        .args(["pip", "install", "--offline", "--reinstall", "six"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    cache
}

fn policy(text: &str) -> uvcache::policy::Policy {
    parse(text, "test", "test.toml", "flag").expect("valid policy")
}

#[test]
fn max_size_half_fits_the_budget_and_keeps_the_most_recently_used() {
    let real = RealCache::get();
    let cache = aged_copy("policy-half");
    let budget = uv_cache_size(&cache) / 2;
    let p = policy(&format!(
        "base = \"prune\"\n[[rules]]\naction = \"evict\"\nmax-size = {budget}\n"
    ));
    let (outcome, report) = execute(&cache, &p, Clock::system(), &options(), None)
        .unwrap()
        .unwrap();
    assert!(outcome.removal.files > 0);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let after = uv_cache_size(&cache);
    assert!(after <= budget, "uv cache size {after} > budget {budget}");
    offline_install(&cache, &real.dir, &["six"]).expect("the most recently used package survives");
    // No pointer lost its archive.
    for bucket in [&bucket("wheels"), &bucket("sdists")] {
        assert!(uvcache_e2e::broken_links(&cache.join(bucket)).is_empty());
    }
}

#[test]
fn keep_rules_protect_over_budget_with_a_warning() {
    let real = RealCache::get();
    let cache = aged_copy("policy-keep");
    let p = policy(
        "[[rules]]\naction = \"keep\"\npackages = [\"setuptools\", \"packag*\"]\n[[rules]]\naction = \"evict\"\nmax-size = \"1 KiB\"\n",
    );
    let (_, report) = execute(&cache, &p, Clock::system(), &options(), None)
        .unwrap()
        .unwrap();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].contains("not met"));
    offline_install(&cache, &real.dir, &["packaging"])
        .expect("kept package still installs offline");
    let inventory = Inventory::take(&cache, &Options::default()).unwrap();
    assert!(
        inventory
            .entries
            .iter()
            .any(|e| e.package.as_deref() == Some("setuptools")
                && e.kind == EntryKind::RegistryWheel)
    );
    assert!(
        !inventory
            .entries
            .iter()
            .any(|e| e.package.as_deref() == Some("six") && e.kind == EntryKind::RegistryWheel)
    );
}

#[test]
fn keep_latest_one_leaves_one_version_per_package() {
    let cache = RealCache::get().copy("policy-latest");
    let before = Inventory::take(&cache, &Options::default()).unwrap();
    let versions = |inv: &Inventory| {
        inv.entries
            .iter()
            .filter(|e| {
                e.package.as_deref() == Some("iniconfig")
                    && e.bucket == Some(uvcache::cache::layout::Bucket::Wheels)
            })
            .count()
    };
    assert_eq!(versions(&before), 2, "2.1.0 from a URL and 2.3.1 from PyPI");
    execute(
        &cache,
        &policy("[[rules]]\naction = \"evict\"\nkeep-latest = 1\nbuckets = [\"wheels\"]\n"),
        Clock::system(),
        &options(),
        None,
    )
    .unwrap();
    let after = Inventory::take(&cache, &Options::default()).unwrap();
    let left: Vec<_> = after
        .entries
        .iter()
        .filter(|e| {
            e.package.as_deref() == Some("iniconfig")
                && e.bucket == Some(uvcache::cache::layout::Bucket::Wheels)
        })
        .collect();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].version.as_deref(), Some("2.3.1"));
    offline_install(&cache, &RealCache::get().dir, &["iniconfig==2.3.1"])
        .expect("the newest version still installs");
}

#[test]
fn the_project_file_overrides_the_user_file_and_policy_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let proj = tmp.path().join("proj");
    std::fs::create_dir_all(home.join(".config/uvcache")).unwrap();
    std::fs::create_dir_all(&proj).unwrap();
    std::fs::write(
        home.join(".config/uvcache/config.toml"),
        "[policy]\nuse = \"laptop\"\nmax-size = \"1 GiB\"\n",
    )
    .unwrap();
    std::fs::write(proj.join("uvcache.toml"), "[policy]\nmax-size = \"2 GiB\"\n\n[[policy.rules]]\naction = \"keep\"\npackages = [\"torch\"]\n").unwrap();
    let env = Environment::new(&proj).with_var("HOME", home.to_str().unwrap());
    let config = Config::load(&env, &Flags::default(), &FrontendSettings::default()).unwrap();
    let eff = effective(&config, &PolicyFlags::default()).unwrap();
    let setting = |key: &str| {
        eff.settings
            .iter()
            .find(|s| s.key == key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key}"))
    };
    let max = setting("max-size");
    assert_eq!(max.value, "2.0GiB");
    assert_eq!(max.origin.layer, Layer::UvcacheProject);
    assert_eq!(
        max.origin.file.as_deref(),
        Some(proj.join("uvcache.toml").as_path())
    );
    assert_eq!(max.line, Some(2));
    let used = setting("use");
    assert_eq!(
        (used.value.as_str(), used.origin.layer),
        ("laptop", Layer::UvcacheUser)
    );
    // The project's keep rule comes first; the laptop policy's own rules follow.
    assert_eq!(setting("rules[1]").origin.layer, Layer::UvcacheProject);
    assert!(
        eff.policy
            .rules
            .iter()
            .any(|r| r.origin.file == "builtin:laptop")
    );
    // Environment and flags sit above both.
    let env = env.with_var("UVCACHE_MAX_SIZE", "3 GiB");
    let config = Config::load(&env, &Flags::default(), &FrontendSettings::default()).unwrap();
    assert_eq!(
        effective(&config, &PolicyFlags::default())
            .unwrap()
            .settings
            .iter()
            .find(|s| s.key == "max-size")
            .unwrap()
            .origin
            .layer,
        Layer::Environment
    );
    let flags = PolicyFlags {
        max_size: Some("4294967296".into()),
        ..Default::default()
    };
    let eff = effective(&config, &flags).unwrap();
    assert_eq!(
        eff.settings
            .iter()
            .find(|s| s.key == "max-size")
            .unwrap()
            .value,
        "4.0GiB"
    );
    // A bad value in a layer names that file and line.
    std::fs::write(
        proj.join("uvcache.toml"),
        "[policy]\n\nmax-size = \"lots\"\n",
    )
    .unwrap();
    let config = Config::load(
        &Environment::new(&proj).with_var("HOME", home.to_str().unwrap()),
        &Flags::default(),
        &FrontendSettings::default(),
    )
    .unwrap();
    let err = effective(&config, &PolicyFlags::default())
        .unwrap_err()
        .to_string();
    assert_says(&err, &["uvcache.toml", "line 3", "max-size"]);
}

#[test]
fn the_default_policy_is_uvs_prune() {
    let real = RealCache::get();
    let a = real.copy("policy-default-uv");
    let b = real.copy("policy-default-uvcache");
    run(uvcache_e2e::uv_cmd(&a, &real.dir).args(["cache", "prune"]));
    let default = uvcache::policy::builtin("default").unwrap();
    execute(&b, &default, Clock::system(), &options(), None).unwrap();
    assert_eq!(uvcache_e2e::tree(&a), uvcache_e2e::tree(&b));
    let ci = uvcache::policy::builtin("ci").unwrap();
    let c = real.copy("policy-ci-uvcache");
    let d = real.copy("policy-ci-uv");
    execute(&c, &ci, Clock::system(), &options(), None).unwrap();
    run(uvcache_e2e::uv_cmd(&d, &real.dir).args(["cache", "prune", "--ci"]));
    assert_eq!(uvcache_e2e::tree(&c), uvcache_e2e::tree(&d));
}
