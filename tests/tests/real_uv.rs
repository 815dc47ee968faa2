//! The engine against real uv 0.13.8: caches uv filled, and uv's own answers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use uvcache::cache::size::SizeReport;
use uvcache::cache::{Inventory, Options, Source};
use uvcache::config::{Config, Flags, FrontendSettings};
use uvcache::{EntryKind, Environment, Status};
use uvcache_e2e::{RealCache, bucket, du, run, uv, uv_cache_size};

fn inventory(cache: &Path) -> Inventory {
    Inventory::take(cache, &Options::default()).expect("inventory")
}

#[test]
fn size_equals_uv_cache_size_and_du() {
    let real = RealCache::get();
    let inv = inventory(&real.cache);
    let uv_size = uv_cache_size(&real.cache);
    assert_eq!(inv.total_disk, uv_size, "uvcache vs uv cache size");
    assert_eq!(inv.total_disk, du(&real.cache), "uvcache vs du -s -B1");
    assert!(inv.issues.is_empty(), "{:?}", inv.issues);
}

#[test]
fn every_entry_of_a_pure_uv_cache_is_classified() {
    let inv = inventory(&RealCache::get().cache);
    let unknown: Vec<_> = inv
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Unknown)
        .map(|e| &e.path)
        .collect();
    assert!(unknown.is_empty(), "unclassified: {unknown:?}");
    let kinds: BTreeSet<_> = inv.entries.iter().map(|e| e.kind.name()).collect();
    for kind in [
        "registry_wheel",
        "url_wheel",
        "built_wheel",
        "git_db",
        "git_checkout",
        "simple_page",
        "interpreter_info",
        "marker",
    ] {
        assert!(kinds.contains(kind), "no {kind} in {kinds:?}");
    }
    // Built wheels of every source name their package, from the wheel file name.
    let built: BTreeSet<_> = inv
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::BuiltWheel)
        .map(|e| {
            (
                e.source.map(Source::name),
                e.package.as_deref(),
                e.version.as_deref(),
            )
        })
        .collect();
    for expected in [
        (Some("pypi"), Some("tomli"), None),
        (Some("git"), Some("gitpkg"), Some("0.1.0")),
        (Some("path"), Some("localpkg"), Some("0.1.0")),
        (Some("editable"), Some("edpkg"), Some("0.1.0")),
    ] {
        assert!(
            built.iter().any(|b| b.0 == expected.0
                && b.1 == expected.1
                && (expected.2.is_none() || b.2 == expected.2)),
            "missing {expected:?} in {built:?}"
        );
    }
    let url = inv
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::UrlWheel)
        .expect("url wheel");
    assert_eq!(
        (url.package.as_deref(), url.version.as_deref()),
        (Some("iniconfig"), Some("2.1.0"))
    );
    assert!(url.digest.as_deref().is_some_and(|d| d.len() == 16));
    // Every downloaded wheel links to an archive that exists; nothing dangles in a fresh cache.
    for entry in inv.entries.iter().filter(|e| {
        matches!(
            e.kind,
            EntryKind::RegistryWheel | EntryKind::UrlWheel | EntryKind::BuiltWheel
        )
    }) {
        assert_ne!(entry.status, Status::Dangling, "{}", entry.path);
    }
    assert!(inv.entries.iter().any(|e| !e.references.is_empty()));
    assert!(
        inv.entries.iter().all(|e| e.kind != EntryKind::Archive),
        "no archive is unreferenced after installs"
    );
}

#[test]
fn breakdowns_add_up_to_the_total() {
    let inv = inventory(&RealCache::get().cache);
    let report = SizeReport::of(&inv);
    assert_eq!(
        report.buckets.iter().map(|b| b.disk).sum::<u64>(),
        report.total
    );
    assert_eq!(
        SizeReport::by_package(&inv)
            .iter()
            .map(|p| p.disk)
            .sum::<u64>(),
        report.total
    );
    let names: BTreeSet<_> = report.buckets.iter().map(|b| b.name.as_str()).collect();
    for bucket in [
        &bucket("wheels"),
        &bucket("sdists"),
        "archive-v0",
        &bucket("simple"),
        &bucket("git"),
        "(root)",
    ] {
        assert!(names.contains(bucket), "{names:?}");
    }
}

#[test]
fn a_stale_sdist_revision_is_outdated_and_an_orphan_archive_dangles() {
    let real = RealCache::get();
    let copy = real.copy("stale-revision");
    let shard = std::fs::read_dir(copy.join(format!("{}/pypi/tomli", bucket("sdists"))))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::create_dir(shard.join("OLDREVISION00000")).unwrap();
    std::fs::write(shard.join("OLDREVISION00000/metadata.msgpack"), b"x").unwrap();
    std::fs::create_dir(copy.join("archive-v0/ORPHANARCHIVE000")).unwrap();
    std::fs::write(copy.join("archive-v0/ORPHANARCHIVE000/f.py"), b"x").unwrap();
    let inv = inventory(&copy);
    let stale = inv
        .entries
        .iter()
        .find(|e| e.path.ends_with("OLDREVISION00000"))
        .expect("stale revision entry");
    assert_eq!(
        (stale.kind, stale.status),
        (EntryKind::SdistRevision, Status::Outdated)
    );
    let orphan = inv
        .entries
        .iter()
        .find(|e| e.path == "archive-v0/ORPHANARCHIVE000")
        .expect("orphan archive");
    assert_eq!(
        (orphan.kind, orphan.status),
        (EntryKind::Archive, Status::Dangling)
    );
    assert_eq!(inv.total_disk, uv_cache_size(&copy));
}

#[test]
fn bad_trees_are_reported_never_followed() {
    let real = RealCache::get();
    let copy = real.copy("bad-tree");
    let outside = real.dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("big"), vec![1u8; 1 << 20]).unwrap();
    // A link out of the cache, a broken link in archive-v0, an outdated and a newer bucket.
    std::os::unix::fs::symlink(
        &outside,
        copy.join(format!("{}/pypi/six/9.9.9-py3-none-any", bucket("wheels"))),
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent/target", copy.join("archive-v0/BROKEN")).unwrap();
    for bucket in ["wheels-v6", "wheels-v99"] {
        std::fs::create_dir_all(copy.join(bucket).join("pypi/six")).unwrap();
        std::fs::write(
            copy.join(bucket).join("pypi/six/1.0-py3-none-any.http"),
            b"x",
        )
        .unwrap();
    }
    let inv = inventory(&copy);
    assert_eq!(
        inv.total_disk,
        uv_cache_size(&copy),
        "links are not followed"
    );
    let out = inv
        .entries
        .iter()
        .find(|e| e.path == format!("{}/pypi/six/9.9.9-py3-none-any", bucket("wheels")))
        .expect("entry");
    assert_eq!(out.external_links.len(), 1);
    assert!(out.disk < 1 << 20);
    assert!(inv.entries.iter().any(|e| e.path == "archive-v0/BROKEN"));
    assert!(
        inv.entries
            .iter()
            .any(|e| e.path.starts_with("wheels-v6/") && e.status == Status::Outdated)
    );
    assert!(
        inv.entries
            .iter()
            .any(|e| e.path.starts_with("wheels-v99/") && e.status == Status::Newer)
    );
    // A file is not a cache; a missing directory is reported as such.
    assert!(matches!(
        Inventory::take(&copy.join("CACHEDIR.TAG"), &Options::default()),
        Err(uvcache::Error::NotADirectory(_))
    ));
    assert!(matches!(
        Inventory::take(&copy.join("missing"), &Options::default()),
        Err(uvcache::Error::MissingCache(_))
    ));
}

/// `uv cache dir` and the engine in the same environment.
fn both(cwd: &Path, vars: &[(&str, String)]) -> (PathBuf, PathBuf) {
    let mut cmd = std::process::Command::new(uv());
    cmd.current_dir(cwd)
        .env_clear()
        .env("PATH", uvcache_e2e::test_path())
        .env("UV_NO_SYSTEM_CONFIG", "1");
    let mut env = Environment::new(cwd).with_var("UV_NO_SYSTEM_CONFIG", "1");
    for (k, v) in vars {
        cmd.env(k, v);
        env.set_var(*k, v.clone());
    }
    let out = run(cmd.args(["cache", "dir"]));
    let uv_path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let uv_path = if uv_path.is_absolute() {
        uv_path
    } else {
        cwd.join(uv_path)
    };
    let config =
        Config::load(&env, &Flags::default(), &FrontendSettings::default()).expect("config");
    let ours = uvcache::config::cache_dir::resolve(&config)
        .expect("resolve")
        .path()
        .to_path_buf();
    (normalize(&uv_path), normalize(&ours))
}

/// Removes `.` components so `./pcache` and `pcache` compare equal.
fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

#[test]
fn cache_dir_agrees_with_uv() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let proj = tmp.path().join("proj");
    let sub = proj.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::create_dir_all(home.join(".config/uv")).unwrap();
    let home_s = home.display().to_string();
    let h = ("HOME", home_s.clone());

    type Case<'a> = (&'a str, &'a Path, Vec<(&'a str, String)>);
    let cases: Vec<Case> = vec![
        ("home default", &sub, vec![h.clone()]),
        (
            "absolute XDG_CACHE_HOME",
            &sub,
            vec![
                h.clone(),
                (
                    "XDG_CACHE_HOME",
                    tmp.path().join("xdg").display().to_string(),
                ),
            ],
        ),
        (
            "relative XDG_CACHE_HOME ignored",
            &sub,
            vec![h.clone(), ("XDG_CACHE_HOME", "rel".into())],
        ),
        (
            "UV_CACHE_DIR",
            &sub,
            vec![
                h.clone(),
                (
                    "UV_CACHE_DIR",
                    tmp.path().join("envcache").display().to_string(),
                ),
            ],
        ),
        (
            "relative UV_CACHE_DIR",
            &sub,
            vec![h.clone(), ("UV_CACHE_DIR", "relcache".into())],
        ),
    ];
    for (name, cwd, vars) in &cases {
        let (theirs, ours) = both(cwd, vars);
        assert_eq!(ours, theirs, "case {name}");
    }
    // User file.
    std::fs::write(
        home.join(".config/uv/uv.toml"),
        format!(
            "cache-dir = \"{}\"\n",
            tmp.path().join("usercache").display()
        ),
    )
    .unwrap();
    let (theirs, ours) = both(&sub, std::slice::from_ref(&h));
    assert_eq!(ours, theirs, "user file");
    assert!(ours.ends_with("usercache"));
    // Project pyproject.toml with [tool.uv], relative to the working directory, beats the user file.
    std::fs::write(
        proj.join("pyproject.toml"),
        "[project]\nname = \"p\"\nversion = \"0\"\n[tool.uv]\ncache-dir = \"./pcache\"\n",
    )
    .unwrap();
    let (theirs, ours) = both(&sub, std::slice::from_ref(&h));
    assert_eq!(ours, theirs, "pyproject");
    assert_eq!(ours, sub.join("pcache"));
    // uv.toml beats pyproject.toml in the same directory.
    std::fs::write(proj.join("uv.toml"), "cache-dir = \"uvtoml-cache\"\n").unwrap();
    let (theirs, ours) = both(&sub, std::slice::from_ref(&h));
    assert_eq!(ours, theirs, "uv.toml");
    assert_eq!(ours, sub.join("uvtoml-cache"));
    // The environment beats the project file.
    let (theirs, ours) = both(&sub, &[h.clone(), ("UV_CACHE_DIR", "/env/wins".into())]);
    assert_eq!(ours, theirs, "env over project");
}

#[test]
fn the_two_streaming_parts_hold_the_same_entries_as_one_inventory() {
    let cache = &RealCache::get().cache;
    let whole = inventory(cache);
    let first = Inventory::take_in_parts(cache, &Options::default()).unwrap();
    let rest = Inventory::take_linked_part(cache, &Options::default()).unwrap();
    assert!(!first.entries.is_empty() && !rest.entries.is_empty());
    let mut parts: Vec<_> = first
        .entries
        .iter()
        .chain(&rest.entries)
        .map(|e| (e.path.clone(), e.kind, e.disk, e.package.clone()))
        .collect();
    parts.sort();
    let all: Vec<_> = whole
        .entries
        .iter()
        .map(|e| (e.path.clone(), e.kind, e.disk, e.package.clone()))
        .collect();
    assert_eq!(parts.len(), all.len());
    // Sizes can differ only where a hardlinked inode is shared across the parts (git objects).
    let paths = |v: &Vec<(String, EntryKind, u64, Option<String>)>| {
        v.iter()
            .map(|e| (e.0.clone(), e.1, e.3.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&parts), paths(&all));
    let sizes = |v: &Vec<(String, EntryKind, u64, Option<String>)>| {
        v.iter()
            .filter(|e| !e.0.starts_with(&bucket("git")))
            .map(|e| e.2)
            .collect::<Vec<_>>()
    };
    assert_eq!(sizes(&parts), sizes(&all));
}

/// The walk of this build (the other systems' `readdir` path when the tests are built with
/// `--features portable`) takes, entry by entry, the inventory the CLI's Linux fast path
/// (`getdents64`) takes of the same cache.
#[test]
fn this_builds_walk_takes_the_fast_paths_inventory() {
    let real = RealCache::get();
    let store = tempfile::tempdir().unwrap();
    let out = run(uvcache_e2e::uvcache_cli()
        .args(["ls", "--exact", "--format", "json", "--cache-dir"])
        .arg(&real.cache)
        .env("UVCACHE_STORE_DIR", store.path()));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("ls json");
    // One line per entry, of the fields both paths must agree on.
    let line = |row: &serde_json::Value| {
        let fields = [
            "path",
            "kind",
            "size",
            "apparent",
            "shared",
            "files",
            "references",
            "status",
        ];
        fields.map(|name| row[name].to_string()).join(" ")
    };
    let fast: BTreeSet<String> = rows.iter().map(line).collect();
    let inv = inventory(&real.cache);
    let ours: BTreeSet<String> = inv
        .entries
        .iter()
        .map(|e| {
            line(&serde_json::json!({
                "path": e.path, "kind": e.kind.name(), "size": e.disk, "apparent": e.apparent,
                "shared": e.shared, "files": e.files, "references": e.references,
                "status": e.status.name(),
            }))
        })
        .collect();
    assert!(ours.len() > 20, "{ours:?}");
    assert_eq!(
        ours.symmetric_difference(&fast).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "this build (portable: {}) and the fast path differ",
        cfg!(feature = "portable")
    );
}
