//! `uvcache key --compare` against real uv 0.13.8: for each kind of change to a local project,
//! uvcache's "rebuild" verdict must equal whether `uv pip install -r req.txt` (the project named
//! by path in a requirements file, so uv's cache decides) builds the package again.

use std::path::Path;

use uvcache_e2e::{run, uv_cmd, uvcache_cli};

const PYPROJECT: &str = r#"[project]
name = "keyproj"
version = "0.1.0"

[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[tool.setuptools]
packages = ["keyproj"]

[tool.uv]
cache-keys = [
    { file = "pyproject.toml" },
    { file = "data/*.txt" },
    { git = { commit = true } },
    { env = "KEYPROJ_FLAVOR" },
]
"#;

fn git(dir: &Path, args: &[&str]) {
    uvcache_e2e::git(dir, args);
}

struct Project<'a> {
    root: &'a Path,
    flavor: String,
}

impl Project<'_> {
    fn dir(&self) -> std::path::PathBuf {
        self.root.join("proj")
    }

    /// `uv pip install -r req.txt`; whether uv built the package.
    fn uv_rebuilds(&self) -> bool {
        let out = run(uv_cmd(&self.root.join("cache"), self.root)
            .args([
                "pip",
                "install",
                "-r",
                "req.txt",
                "--python",
                "venv/bin/python",
            ])
            .env("KEYPROJ_FLAVOR", &self.flavor));
        let stderr = String::from_utf8_lossy(&out.stderr);
        stderr.contains("Built keyproj")
    }

    /// `uvcache key proj [--compare saved.json] --format json`.
    fn key(&self, compare: bool) -> serde_json::Value {
        let mut cmd = uvcache_cli();
        cmd.current_dir(self.root)
            .env_clear()
            .env("PATH", uvcache_e2e::test_path())
            .env("HOME", self.root)
            .env("KEYPROJ_FLAVOR", &self.flavor)
            .args(["key", "proj", "--format", "json"]);
        if compare {
            cmd.args(["--compare", "saved.json"]);
        }
        let out = run(&mut cmd);
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    fn save_key(&self) {
        let key = self.key(false);
        std::fs::write(self.root.join("saved.json"), key.to_string()).unwrap();
    }
}

#[test]
fn key_verdicts_match_uv_rebuilds() {
    let tmp = tempfile::tempdir().unwrap();
    let mut project = Project {
        root: tmp.path(),
        flavor: "vanilla".into(),
    };
    let dir = project.dir();
    std::fs::create_dir_all(dir.join("keyproj")).unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("pyproject.toml"), PYPROJECT).unwrap();
    std::fs::write(dir.join("keyproj/__init__.py"), "X = 1\n").unwrap();
    std::fs::write(dir.join("data/a.txt"), "a\n").unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "init"]);
    std::fs::write(
        tmp.path().join("req.txt"),
        format!("keyproj @ file://{}\n", dir.display()),
    )
    .unwrap();
    run(uv_cmd(&tmp.path().join("cache"), tmp.path()).args(["venv", "-q", "venv"]));
    assert!(project.uv_rebuilds(), "the first install builds");
    project.save_key();
    let key = project.key(false);
    assert_eq!(key["keys"], "tool.uv.cache-keys");
    assert_eq!(key["project"], "keyproj");

    type Change = Box<dyn Fn(&mut Project<'_>)>;
    let changes: Vec<(&str, Change, &str)> = vec![
        (
            "an untracked file no key matches",
            Box::new(|p| std::fs::write(p.dir().join("notes.md"), "notes\n").unwrap()),
            "",
        ),
        (
            "an edit to pyproject.toml",
            Box::new(|p| {
                let path = p.dir().join("pyproject.toml");
                let text = std::fs::read_to_string(&path).unwrap() + "# edited\n";
                std::fs::write(path, text).unwrap();
            }),
            "timestamp",
        ),
        (
            "an edit to a file a cache-keys glob matches",
            Box::new(|p| std::fs::write(p.dir().join("data/a.txt"), "b\n").unwrap()),
            "timestamp",
        ),
        (
            "a new git commit",
            Box::new(|p| {
                git(&p.dir(), &["add", "notes.md"]);
                git(&p.dir(), &["commit", "-q", "-m", "notes"]);
            }),
            "commit",
        ),
        (
            "a changed environment variable",
            Box::new(|p| p.flavor = "chocolate".into()),
            "env:KEYPROJ_FLAVOR",
        ),
        ("nothing at all", Box::new(|_| {}), ""),
    ];
    let mut report = Vec::new();
    for (what, change, component) in changes {
        change(&mut project);
        let verdict = project.key(true);
        let predicted = verdict["rebuild"].as_bool().expect("rebuild");
        let rebuilt = project.uv_rebuilds();
        report.push(format!("{what}: uvcache {predicted}, uv {rebuilt}"));
        assert_eq!(predicted, rebuilt, "{what}: {verdict:#}");
        let changed: Vec<&str> = verdict["changed"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        if component.is_empty() {
            assert!(changed.is_empty(), "{what}: {changed:?}");
        } else {
            assert_eq!(changed, [component], "{what}");
        }
        project.save_key();
    }
    eprintln!("{}", report.join("\n"));
}
