//! The command layer on its own, without a front end: what it reads of the caller's world
//! (context), which interpreters it judges for, and the doctor's verdicts, on caches laid out as
//! uv lays them out. Both front ends are tested with real tools in `tests/`.

use std::path::{Path, PathBuf};

use uvcache::Environment;
use uvcache::config::Flags;

use crate::context::{Context, Invocation};
use crate::error::Blame;
use crate::{Value, doctor, pythons};

/// An invocation in `dir` with its own HOME, so that no file of the machine's user is read.
fn invocation(dir: &Path, flags: Flags) -> Invocation {
    let env = Environment::new(dir).with_var("HOME", dir.join("home").to_string_lossy());
    Invocation::new(env, flags)
}

/// A scratch folder holding a new cache (`cache`), and that cache's root.
fn scratch_cache() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("cache");
    new_cache(&root);
    (tmp, root)
}

/// A cache as uv 0.13.9 starts one: markers and the lock file.
fn new_cache(root: &Path) {
    std::fs::create_dir_all(root.join("wheels-v8")).unwrap();
    std::fs::write(
        root.join("CACHEDIR.TAG"),
        uvcache::cache::layout::CACHEDIR_TAG,
    )
    .unwrap();
    std::fs::write(root.join(".gitignore"), "*").unwrap();
    std::fs::write(root.join(".lock"), "").unwrap();
}

fn doctor_rows(invocation: &Invocation) -> Vec<(String, String)> {
    let Value::List(rows) = doctor::run(invocation).unwrap() else {
        panic!("doctor returns a table");
    };
    rows.iter()
        .map(|row| {
            let text = |key| match row.as_record().and_then(|r| r.get(key)) {
                Some(Value::String(s)) => s.clone(),
                other => panic!("{key}: {other:?}"),
            };
            (text("check"), text("status"))
        })
        .collect()
}

/// `--cache-dir` is blamed for the cache's problems only when it was given, and `--uv-version`
/// chooses the target release over the uv on `PATH`.
#[test]
fn the_context_blames_the_flag_that_was_given_and_targets_the_release_named() {
    let (tmp, root) = scratch_cache();
    let plain = invocation(tmp.path(), Flags::default());
    assert_eq!(plain.root_blame(), Blame::Call);
    let flags = Flags {
        cache_dir: Some(root.clone()),
        uv_version: Some("0.11.33".into()),
        ..Flags::default()
    };
    let given = invocation(tmp.path(), flags);
    assert_eq!(given.root_blame(), Blame::Flag("cache-dir"));
    let context = Context::load(&given).unwrap();
    assert_eq!(context.root.path(), root);
    let target = context.target.expect("a target release");
    assert_eq!(target.version.to_string(), "0.11.33");
}

/// A store inside the cache is refused, blamed on `--store-dir`.
#[test]
fn a_store_inside_the_cache_is_refused_on_its_flag() {
    let (tmp, root) = scratch_cache();
    let flags = Flags {
        cache_dir: Some(root.clone()),
        store_dir: Some(root.join("uvcache")),
        ..Flags::default()
    };
    let err = Context::load(&invocation(tmp.path(), flags))
        .err()
        .expect("refused");
    assert_eq!(err.blame, Blame::Flag("store-dir"));
}

/// A bad `--python` is blamed on the flag; a bad `UV_PYTHON` names the variable.
#[test]
fn a_bad_python_names_where_it_came_from() {
    let (tmp, root) = scratch_cache();
    let flags = Flags {
        cache_dir: Some(root),
        ..Flags::default()
    };
    let mut by_variable = invocation(tmp.path(), flags.clone());
    by_variable.env = by_variable.env.with_var("UV_PYTHON", "/no/such/python");
    let context = Context::load(&by_variable).unwrap();
    let err = pythons::named(&context, None).expect_err("refused");
    assert_eq!(err.blame, Blame::Call);
    assert!(err.label.starts_with("UV_PYTHON: "), "{}", err.label);
    let err = pythons::named(&context, Some("/no/such/python")).expect_err("refused");
    assert_eq!(err.blame, Blame::Flag("python"));
    let plain = Context::load(&invocation(tmp.path(), flags)).unwrap();
    assert!(pythons::named(&plain, None).unwrap().is_none());
}

/// On a fresh cache every check passes or informs; on a folder that is not a uv cache the
/// markers check is an error, which the CLI turns into exit status 1.
#[test]
fn the_doctor_passes_a_fresh_cache_and_fails_a_folder_that_is_not_one() {
    let (tmp, root) = scratch_cache();
    let flags = |dir: &Path| Flags {
        cache_dir: Some(dir.to_path_buf()),
        ..Flags::default()
    };
    let rows = doctor_rows(&invocation(tmp.path(), flags(&root)));
    let status = |rows: &[(String, String)], check: &str| {
        rows.iter()
            .find(|(name, _)| name == check)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| panic!("no {check} row in {rows:?}"))
    };
    assert_eq!(status(&rows, "markers"), "ok");
    assert_eq!(status(&rows, "lock"), "ok");
    assert!(rows.iter().all(|(_, s)| s != "error"), "{rows:?}");
    let value = doctor::run(&invocation(tmp.path(), flags(&root))).unwrap();
    assert!(!doctor::has_error(&value));
    let stranger = tmp.path().join("photos");
    std::fs::create_dir_all(&stranger).unwrap();
    std::fs::write(stranger.join("cat.jpg"), "meow").unwrap();
    let value = doctor::run(&invocation(tmp.path(), flags(&stranger))).unwrap();
    let rows = doctor_rows(&invocation(tmp.path(), flags(&stranger)));
    assert_eq!(status(&rows, "markers"), "error");
    assert!(doctor::has_error(&value));
}

/// Warnings leave through the one channel: `envs` with a place that holds no environment says
/// so there, and returns its rows as values.
#[test]
fn warnings_are_said_through_the_invocation() {
    let (tmp, root) = scratch_cache();
    let flags = Flags {
        cache_dir: Some(root),
        environments: vec!["nowhere/*".into()],
        ..Flags::default()
    };
    let invocation = invocation(tmp.path(), flags);
    let value = crate::envs::run(&invocation).unwrap();
    assert!(matches!(value, Value::List(_)));
    let said = invocation.warnings.take();
    assert!(said.iter().any(|w| w.contains("nowhere")), "{said:?}");
    assert!(invocation.warnings.take().is_empty(), "taken once");
}
