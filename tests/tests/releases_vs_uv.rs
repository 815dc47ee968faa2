//! One cache filled in turn by five real uv releases (0.4.30, 0.8.24, 0.11.33, 0.13.8,
//! 0.13.9), then `clean PKG`, `clean A B`, `prune`, `prune --ci` and `clean` by three of those
//! releases and by uvcache targeting each of them: the same trees, buckets newer than the
//! target aside (uvcache never deletes them, nor the archives only they link to), and the same
//! summary line where no such bucket is involved.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use uvcache::cache::layout::{BucketState, RootClass, releases};
use uvcache::cache::{Entry, EntryKind, Inventory, Options};
use uvcache_e2e::{
    UV_VERSION, run, tree, unknown_entries, uv_release, uv_release_cmd, uvcache_cli,
};

/// The releases that fill the cache, oldest first.
const FILLERS: [&str; 5] = ["0.4.30", "0.8.24", "0.11.33", "0.13.8", UV_VERSION];

/// The shared cache, filled once per test run.
fn filled() -> &'static Path {
    static CACHE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, cache) = CACHE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        for version in FILLERS {
            let uv = |args: &[&str]| {
                let mut cmd = uv_release_cmd(version, &cache, &work);
                cmd.args(args);
                run(&mut cmd);
            };
            let _ = std::fs::remove_dir_all(work.join(".venv"));
            uv(&["venv", "-q"]);
            uv(&["pip", "install", "-q", "six==1.16.0", "iniconfig==2.0.0"]);
            // A wheel built from an sdist.
            uv(&[
                "pip",
                "install",
                "-q",
                "--no-binary",
                "six",
                "--reinstall",
                "six==1.17.0",
            ]);
            if version != "0.4.30" {
                uv(&[
                    "run",
                    "-q",
                    "--no-project",
                    "--with",
                    "iniconfig==2.0.0",
                    "python",
                    "-c",
                    "import iniconfig",
                ]);
            }
        }
        (dir, cache)
    });
    cache
}

fn copy(source: &Path, name: &str) -> PathBuf {
    let target = source.with_file_name(name);
    let _ = std::fs::remove_dir_all(&target);
    run(Command::new("cp").arg("-a").arg(source).arg(&target));
    target
}

fn summary(output: &std::process::Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines()
        .find(|l| l.starts_with("Removed") || l.starts_with("No "))
        .unwrap_or_default()
        .to_string()
}

/// Bucket directories newer than `target`'s, and the archives linked from them.
fn newer_aside(cache: &Path, target: &str) -> (Vec<String>, BTreeSet<String>) {
    let set = &releases().release_str(target).unwrap().buckets;
    let mut newer = Vec::new();
    for entry in std::fs::read_dir(cache).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let RootClass::Bucket {
            state: BucketState::Newer,
            ..
        } = set.classify_root(&name, entry.path().is_dir())
        {
            newer.push(name);
        }
    }
    let mut archives = BTreeSet::new();
    let mut stack: Vec<PathBuf> = newer.iter().map(|n| cache.join(n)).collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_symlink() {
                if let Ok(target) = path.canonicalize()
                    && let Ok(rel) = target.strip_prefix(cache.canonicalize().unwrap())
                    && rel.starts_with("archive-v0")
                {
                    archives.insert(rel.to_string_lossy().into_owned());
                }
            } else if path.is_dir() {
                stack.push(path);
            }
        }
    }
    (newer, archives)
}

/// The tree without what uvcache keeps by design for this target.
fn tree_aside(dir: &Path, newer: &[String], archives: &BTreeSet<String>) -> String {
    if !dir.exists() {
        return String::new();
    }
    tree(dir)
        .lines()
        .filter(|line| {
            let path = line.split(' ').nth(1).unwrap_or_default();
            let top = path.split('/').next().unwrap_or_default();
            !newer.iter().any(|n| n == top)
                && !archives
                    .iter()
                    .any(|a| path == a || path.starts_with(&format!("{a}/")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn compare(target: &str, op: &[&str], detect: bool) {
    let source = filled();
    let (newer, archives) = newer_aside(source, target);
    let label = format!(
        "{target} {}{}",
        op.join(" "),
        if detect { " (PATH)" } else { "" }
    );
    let theirs = copy(source, &format!("theirs-{target}"));
    let ours = copy(source, &format!("ours-{target}"));
    let work = source.with_file_name("work");
    let mut cmd = uv_release_cmd(target, &theirs, &work);
    cmd.arg("cache").args(op);
    let uv_out = cmd.output().unwrap();
    let mut cmd = uvcache_cli();
    cmd.args(op)
        .arg("--cache-dir")
        .arg(&ours)
        .current_dir(&work)
        .env_clear()
        .env("HOME", &work);
    if detect {
        // The release first on the caller's PATH decides.
        let bin = uv_release(target).parent().unwrap().to_path_buf();
        cmd.env(
            "PATH",
            std::env::join_paths([bin, "/usr/bin".into(), "/bin".into()]).unwrap(),
        );
    } else {
        cmd.env("PATH", "/usr/bin:/bin")
            .args(["--uv-version", target]);
    }
    let our_out = cmd.output().unwrap();
    assert!(
        our_out.status.success(),
        "{label}: {}",
        String::from_utf8_lossy(&our_out.stderr)
    );
    assert_eq!(
        tree_aside(&ours, &newer, &archives),
        tree_aside(&theirs, &newer, &archives),
        "{label}: trees differ"
    );
    // uv removes newer buckets where uvcache keeps them: only then may the counts differ.
    let touches_newer = !newer.is_empty() && op[0] == "prune";
    if !touches_newer {
        assert_eq!(
            summary(&our_out),
            summary(&uv_out),
            "{label}: summary lines"
        );
    }
}

/// Every operation, with the target given by `--uv-version` and found on `PATH`.
fn every_operation(target: &str) {
    for op in [
        &["clean", "six"][..],
        &["clean", "six", "iniconfig"],
        &["prune"],
        &["prune", "--ci"],
        &["clean"],
    ] {
        compare(target, op, false);
        compare(target, op, true);
    }
}

#[test]
fn the_inventory_reads_every_release_layout() {
    let inventory = Inventory::take(filled(), &Options::default()).unwrap();
    let unknown = unknown_entries(&inventory);
    assert!(unknown.is_empty(), "unknown entries: {unknown:?}");
    let wheels: Vec<&Entry> = inventory
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::RegistryWheel)
        .collect();
    // Wheels of six and iniconfig in wheels-v2, v5, v6, v7 and v8 at least.
    assert!(wheels.len() >= 10, "{} wheel rows", wheels.len());
    for wheel in wheels {
        let version = wheel.version.as_deref().unwrap_or_default();
        assert!(
            version.starts_with(|c: char| c.is_ascii_digit()),
            "{}: version {version:?}",
            wheel.path
        );
    }
}

#[test]
fn uv_0_13_9() {
    every_operation(UV_VERSION);
    // uv judges integrity: what should still be cached installs offline.
    let source = filled();
    let pruned = copy(source, "pruned");
    let work = source.with_file_name("work");
    run(uvcache_cli()
        .args(["prune", "--uv-version", "0.13.9", "--cache-dir"])
        .arg(&pruned)
        .current_dir(&work));
    let venv = source.with_file_name("offline-venv");
    let mut cmd = uv_release_cmd(UV_VERSION, &pruned, &work);
    run(cmd.args(["venv", "-q"]).arg(&venv));
    let mut cmd = uv_release_cmd(UV_VERSION, &pruned, &work);
    run(cmd
        .args(["pip", "install", "-q", "--offline", "--python"])
        .arg(&venv)
        .args(["six==1.16.0", "iniconfig==2.0.0"]));
}

#[test]
fn uv_0_13_8() {
    every_operation("0.13.8");
}

#[test]
fn uv_0_11_33() {
    every_operation("0.11.33");
}
