//! Discovery and matching on synthetic environments and caches. The layout they imitate (a
//! venv's `pyvenv.cfg` and `site-packages/*.dist-info`, an archive's top-level dist-info, uv's
//! `uv_build.json`) is checked against environments real uv made in `tests/tests/environments.rs`.

use std::path::{Path, PathBuf};

use crate::cache::{Evidence, Inventory, Options};
use crate::config::{Config, Flags, FrontendSettings, Layer};
use crate::envs::{VenvKind, discover, scan};
use crate::{Environment, Error};

/// A virtual environment at `dir` with these `(name, version)` distributions.
fn venv(dir: &Path, dists: &[(&str, &str)]) {
    let site = dir.join("lib/python3.12/site-packages");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        dir.join("pyvenv.cfg"),
        "home = /usr/bin\nversion_info = 3.12.1\nuv = 0.13.9\n",
    )
    .unwrap();
    for (name, version) in dists {
        let info = site.join(format!("{name}-{version}.dist-info"));
        std::fs::create_dir_all(&info).unwrap();
        std::fs::write(info.join("METADATA"), format!("Name: {name}\n")).unwrap();
    }
}

fn config(env: &Environment, flags: &Flags) -> Config {
    Config::load(env, flags, &FrontendSettings::default()).unwrap()
}

fn found(discovery: &crate::envs::Discovery) -> Vec<(PathBuf, VenvKind, Option<Layer>)> {
    discovery
        .venvs
        .iter()
        .map(|v| (v.path.clone(), v.kind, v.found.layer))
        .collect()
}

/// Every layer adds places, lowest first, each with its origin; relative patterns in a file are
/// relative to the file; a `.venv` beside a `pyproject.toml` is a project.
#[test]
fn places_add_up_across_layers_with_their_origins() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, work) = crate::testing::user_and_project(
        tmp.path(),
        "environments = [\"~/code/*/.venv\"]\n",
        "environments = [\"envs/*\"]\n",
    );
    venv(&home.join("code/app/.venv"), &[("six", "1.17.0")]);
    std::fs::write(home.join("code/app/pyproject.toml"), "").unwrap();
    venv(&home.join("code/lib/.venv"), &[]);
    venv(&work.join("envs/one"), &[]);
    venv(&tmp.path().join("from-var"), &[]);
    venv(&tmp.path().join("from-flag"), &[]);
    let env = Environment::new(&work)
        .with_var("HOME", home.to_string_lossy())
        .with_var(
            "UVCACHE_ENVIRONMENTS",
            tmp.path().join("from-var").to_string_lossy(),
        );
    let flags = Flags {
        environments: vec![tmp.path().join("from-f*").to_string_lossy().into_owned()],
        ..Flags::default()
    };
    let config = config(&env, &flags);
    let layers: Vec<Layer> = config
        .environment_patterns()
        .iter()
        .map(|p| p.origin.layer)
        .collect();
    assert_eq!(
        layers,
        [
            Layer::UvcacheUser,
            Layer::UvcacheProject,
            Layer::Environment,
            Layer::Flag
        ]
    );
    let active: Vec<bool> = config
        .values()
        .iter()
        .filter(|v| v.key == "environments")
        .map(|v| v.active)
        .collect();
    assert_eq!(active, [true; 4], "every layer's places are in effect");
    let discovery = discover(&config, &tmp.path().join("cache"), &[]);
    assert!(discovery.issues.is_empty(), "{:?}", discovery.issues);
    assert_eq!(
        found(&discovery),
        [
            (
                home.join("code/app/.venv"),
                VenvKind::Project,
                Some(Layer::UvcacheUser)
            ),
            (
                home.join("code/lib/.venv"),
                VenvKind::Venv,
                Some(Layer::UvcacheUser)
            ),
            (
                work.join("envs/one"),
                VenvKind::Venv,
                Some(Layer::UvcacheProject)
            ),
            (
                tmp.path().join("from-var"),
                VenvKind::Venv,
                Some(Layer::Environment)
            ),
            (
                tmp.path().join("from-flag"),
                VenvKind::Venv,
                Some(Layer::Flag)
            ),
        ]
    );
    assert!(
        discovery.venvs[0].found.rule.contains("config.toml"),
        "{}",
        discovery.venvs[0].found.rule
    );
    assert_eq!(discovery.venvs[0].dists[0].name, "six");
    // A list of the wrong type is an error naming the file and the key.
    std::fs::write(work.join("uvcache.toml"), "environments = \"envs/*\"\n").unwrap();
    match Config::load(&env, &Flags::default(), &FrontendSettings::default()) {
        Err(Error::ConfigValue { key, file, .. }) => {
            assert_eq!(key.as_deref(), Some("environments"));
            assert_eq!(file, Some(work.join("uvcache.toml")));
        }
        other => panic!("expected a config error, got {other:?}"),
    }
}

/// uv's tool directory (`UV_TOOL_DIR`, else the XDG data folder, else `~/.local/share`), the
/// active venv and the nearest `.venv` are found without configuration.
#[test]
fn tools_the_active_venv_and_the_nearest_dot_venv() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    venv(
        &home.join(".local/share/uv/tools/ruff"),
        &[("ruff", "0.9.0")],
    );
    venv(&tmp.path().join("xdg/uv/tools/black"), &[]);
    venv(&tmp.path().join("project/.venv"), &[]);
    venv(&tmp.path().join("active"), &[]);
    std::fs::create_dir_all(tmp.path().join("project/src/deep")).unwrap();
    let env = Environment::new(tmp.path().join("project/src/deep"))
        .with_var("HOME", home.to_string_lossy())
        .with_var("VIRTUAL_ENV", tmp.path().join("active").to_string_lossy());
    let discovery = discover(&config(&env, &Flags::default()), tmp.path(), &[]);
    assert_eq!(
        found(&discovery),
        [
            (
                home.join(".local/share/uv/tools/ruff"),
                VenvKind::Tool,
                None
            ),
            (tmp.path().join("active"), VenvKind::Venv, None),
            (tmp.path().join("project/.venv"), VenvKind::Project, None),
        ]
    );
    assert_eq!(discovery.venvs[0].found.rule, "~/.local/share/uv/tools");
    let env = env.with_var("XDG_DATA_HOME", tmp.path().join("xdg").to_string_lossy());
    let discovery = discover(&config(&env, &Flags::default()), tmp.path(), &[]);
    assert_eq!(
        discovery.venvs[0].path,
        tmp.path().join("xdg/uv/tools/black")
    );
    let env = env.with_var(
        "UV_TOOL_DIR",
        home.join(".local/share/uv/tools").to_string_lossy(),
    );
    let discovery = discover(&config(&env, &Flags::default()), tmp.path(), &[]);
    assert_eq!(discovery.venvs[0].found.rule, "UV_TOOL_DIR");
}

/// A symlink loop, a tree deeper than `**` goes, a pattern that matches nothing, a named
/// directory that is not an environment, an invalid glob: reports, no hang, no panic.
#[test]
fn globs_are_bounded_and_bad_places_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = tmp.path().join("tree");
    venv(&tree.join("a/env"), &[]);
    let mut deep = tree.clone();
    for i in 0..(super::discover::MAX_DEPTH + 2) {
        deep.push(format!("d{i}"));
    }
    venv(&deep, &[]);
    std::os::unix::fs::symlink(&tree, tree.join("a/loop")).unwrap();
    std::os::unix::fs::symlink(&tree, tree.join("loop")).unwrap();
    std::fs::create_dir_all(tmp.path().join("plain")).unwrap();
    let env = Environment::new(tmp.path());
    let flags = Flags {
        environments: vec![
            "tree/**".into(),
            "nothing/*/.venv".into(),
            "plain".into(),
            "tree/[a".into(),
        ],
        ..Flags::default()
    };
    let discovery = discover(&config(&env, &flags), &tmp.path().join("cache"), &[]);
    let paths: Vec<PathBuf> = discovery.venvs.iter().map(|v| v.path.clone()).collect();
    assert_eq!(paths, [tree.join("a/env")], "the deep one is beyond `**`");
    let issues = discovery.issues.join("\n");
    assert!(
        issues.contains("`nothing/*/.venv` matched no Python environment; named in --environments"),
        "{issues}"
    );
    assert!(
        issues.contains("plain` is not a Python environment (no pyvenv.cfg)"),
        "{issues}"
    );
    assert!(issues.contains("`[a` is not a valid glob"), "{issues}");
}

/// A cache at `root` with six (a registry wheel), tomli as a registry wheel, tomli built from
/// its sdist, and a metadata-only tomli pointer; returns the `METADATA` files of six's archive
/// and of the built tomli's.
fn six_and_tomli_cache(root: &Path) -> (PathBuf, PathBuf) {
    let archive = |id: &str, dist: &str| {
        let info = root
            .join("archive-v0")
            .join(id)
            .join(format!("{dist}.dist-info"));
        std::fs::create_dir_all(&info).unwrap();
        std::fs::write(info.join("METADATA"), dist).unwrap();
        info.join("METADATA")
    };
    let six = archive("SIXARCHIVE000001", "six-1.17.0");
    let tomli_built = archive("TOMLIBUILT000001", "tomli-2.5.0");
    std::fs::write(tomli_built.with_file_name("uv_build.json"), "{}").unwrap();
    let wheel = |dir: &str, name: &str, archive: &str| {
        let link = root.join(dir).join(name);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::fs::write(root.join(dir).join(format!("{name}.http")), "x").unwrap();
        std::os::unix::fs::symlink(format!("../../../{archive}"), &link).unwrap();
    };
    wheel(
        "wheels-v8/pypi/six",
        "1.17.0-py2.py3-none-any",
        "archive-v0/SIXARCHIVE000001",
    );
    let registry_tomli = archive("TOMLIREGISTRY001", "tomli-2.5.0");
    assert!(registry_tomli.is_file());
    wheel(
        "wheels-v8/pypi/tomli",
        "2.5.0-py3-none-any",
        "archive-v0/TOMLIREGISTRY001",
    );
    std::fs::write(
        root.join("wheels-v8/pypi/tomli/2.5.0-cp312-cp312-macosx_11_0_arm64.msgpack"),
        "x",
    )
    .unwrap();
    // The built wheel: sdists-v11/pypi/tomli/2.5.0/<revision>/tomli-2.5.0-py3-none-any.
    let built = root.join("sdists-v11/pypi/tomli/2.5.0/REV1");
    std::fs::create_dir_all(&built).unwrap();
    std::fs::write(built.join("revision.http"), "REV1").unwrap();
    std::fs::write(built.join("metadata.msgpack"), "x").unwrap();
    std::os::unix::fs::symlink(
        "../../../../../archive-v0/TOMLIBUILT000001",
        built.join("tomli-2.5.0-py3-none-any"),
    )
    .unwrap();
    std::fs::write(
        root.join("CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55",
    )
    .unwrap();
    (six, tomli_built)
}

/// In `dir`: `linked`, with six and the built tomli hardlinked from the cache, and `copied`, with
/// copies (its tomli built too).
fn linked_and_copied_venvs(dir: &Path, six: &Path, tomli_built: &Path) {
    // Linked: six and the built tomli by hardlink. Copied: six only.
    let linked = dir.join("linked");
    venv(&linked, &[("six", "1.17.0"), ("tomli", "2.5.0")]);
    let site = linked.join("lib/python3.12/site-packages");
    std::fs::remove_file(site.join("six-1.17.0.dist-info/METADATA")).unwrap();
    std::fs::hard_link(six, site.join("six-1.17.0.dist-info/METADATA")).unwrap();
    std::fs::remove_file(site.join("tomli-2.5.0.dist-info/METADATA")).unwrap();
    std::fs::hard_link(tomli_built, site.join("tomli-2.5.0.dist-info/METADATA")).unwrap();
    std::fs::write(site.join("tomli-2.5.0.dist-info/uv_build.json"), "{}").unwrap();
    let copied = dir.join("copied");
    venv(&copied, &[("six", "1.17.0"), ("tomli", "2.5.0")]);
    let built_copy = copied.join("lib/python3.12/site-packages/tomli-2.5.0.dist-info");
    std::fs::write(built_copy.join("uv_build.json"), "{}").unwrap();
}

/// The uses of a synthetic cache: a hardlinked venv proves its entry, a copied one only matches
/// by version, a built dist matches only built wheels, and a hardlink proof takes the dist away
/// from other entries of the same version.
#[test]
fn hardlink_proof_version_match_and_kind_of_source() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("cache");
    let (six, tomli_built) = six_and_tomli_cache(&root);
    linked_and_copied_venvs(tmp.path(), &six, &tomli_built);
    let env = Environment::new(tmp.path());
    let flags = Flags {
        environments: vec!["linked".into(), "copied".into()],
        ..Flags::default()
    };
    let mut inventory = Inventory::take(&root, &Options::default()).unwrap();
    let (discovery, summaries) = scan(&config(&env, &flags), &mut inventory);
    assert_eq!(discovery.venvs.len(), 2);
    let uses = |path: &str| -> Vec<(String, Evidence)> {
        let entry = inventory
            .entries
            .iter()
            .find(|e| e.path == path)
            .unwrap_or_else(|| panic!("no entry {path}"));
        entry
            .used_by
            .iter()
            .flatten()
            .map(|u| {
                let name = Path::new(&*u.environment).file_name().unwrap();
                (name.to_string_lossy().into_owned(), u.evidence)
            })
            .collect()
    };
    assert_eq!(
        uses("wheels-v8/pypi/six/1.17.0-py2.py3-none-any"),
        [
            ("linked".to_string(), Evidence::Hardlink),
            ("copied".to_string(), Evidence::Version)
        ]
    );
    assert_eq!(
        uses("sdists-v11/pypi/tomli/2.5.0"),
        [
            ("linked".to_string(), Evidence::Hardlink),
            ("copied".to_string(), Evidence::Version)
        ]
    );
    // A registry wheel of the same version with its archive: the linked venv is proven to use
    // the built wheel, and the copied one has a built tomli (`uv_build.json`).
    assert_eq!(uses("wheels-v8/pypi/tomli/2.5.0-py3-none-any"), []);
    // A metadata-only pointer of that version: uv's resolver reads it, so both use it.
    assert_eq!(
        uses("wheels-v8/pypi/tomli/2.5.0-cp312-cp312-macosx_11_0_arm64"),
        [
            ("copied".to_string(), Evidence::Version),
            ("linked".to_string(), Evidence::Version)
        ]
    );
    assert_eq!(summaries[0].hardlinked, 2);
    assert_eq!(summaries[1].hardlinked, 0);
    assert_eq!(summaries[1].entries, 3);
}
