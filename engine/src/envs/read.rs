//! Reading one environment from its files, never running its Python: `pyvenv.cfg` for the
//! interpreter and the uv release, `site-packages/*.dist-info` for what is installed. Every
//! file that cannot be read or parsed becomes a problem of the environment, never an error.

use std::path::{Path, PathBuf};

use crate::cache::names::normalize_name;
use crate::envs::{Dist, DistOrigin, FileId, Found, Venv, VenvKind};

/// Reads the environment at `path`.
pub fn read(path: &Path, kind: VenvKind, found: Found) -> Venv {
    let mut venv = Venv {
        path: path.to_path_buf(),
        kind,
        found,
        python: None,
        uv: None,
        dists: Vec::new(),
        device: std::fs::metadata(path)
            .ok()
            .and_then(|m| FileId::of(&m))
            .map(|id| id.dev),
        problems: Vec::new(),
    };
    read_config(&mut venv);
    let site_packages = site_packages(path);
    if site_packages.is_empty() {
        venv.problems
            .push("no site-packages (lib/python*/site-packages or Lib/site-packages)".into());
    }
    for dir in site_packages {
        read_site_packages(&dir, &mut venv);
    }
    venv.dists
        .sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    venv
}

/// `pyvenv.cfg`: `key = value` lines. uv writes `version_info` and `uv`; `venv` and
/// virtualenv write `version`.
fn read_config(venv: &mut Venv) {
    let file = venv.path.join("pyvenv.cfg");
    // A cached environment's files are inside the cache: read without moving access times.
    let text = match crate::os::atime::read(&file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            venv.problems
                .push(format!("cannot read `{}`: {e}", file.display()));
            return;
        }
    };
    let mut version = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            venv.problems.push(format!(
                "`{}` line {}: `{line}` is not `key = value`",
                file.display(),
                n + 1
            ));
            continue;
        };
        let value = value.trim().to_string();
        match key.trim() {
            "version_info" => venv.python = Some(value),
            "version" => version = Some(value),
            "uv" => venv.uv = Some(value),
            _ => {}
        }
    }
    if venv.python.is_none() {
        venv.python = version;
    }
}

/// `lib/python3.X/site-packages` (any interpreter name, free-threaded `3.13t` too) on Unix,
/// `Lib/site-packages` on Windows. `lib64` is uv's and venv's symlink to `lib`: not read twice.
fn site_packages(path: &Path) -> Vec<PathBuf> {
    let windows = path.join("Lib").join("site-packages");
    if windows.is_dir() {
        return vec![windows];
    }
    let Ok(children) = std::fs::read_dir(path.join("lib")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = children
        .flatten()
        .map(|c| c.path().join("site-packages"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn read_site_packages(dir: &Path, venv: &mut Venv) {
    let children = match std::fs::read_dir(dir) {
        Ok(c) => c,
        Err(e) => {
            venv.problems
                .push(format!("cannot read `{}`: {e}", dir.display()));
            return;
        }
    };
    for child in children.flatten() {
        let name = child.file_name();
        let name = name.to_string_lossy();
        let Some(stem) = name.strip_suffix(".dist-info") else {
            continue;
        };
        // `{name}-{version}`: the version never holds a `-`, a legacy name may.
        let Some((dist_name, version)) = stem.rsplit_once('-') else {
            venv.problems
                .push(format!("`{name}` is not `name-version.dist-info`"));
            continue;
        };
        if let Some(dist) = read_dist(&child.path(), dist_name, version, &mut venv.problems) {
            venv.dists.push(dist);
        }
    }
}

fn read_dist(dir: &Path, name: &str, version: &str, problems: &mut Vec<String>) -> Option<Dist> {
    let label = dir.file_name()?.to_string_lossy().into_owned();
    let metadata = match std::fs::symlink_metadata(dir.join("METADATA")) {
        Ok(meta) => FileId::of(&meta),
        Err(_) => {
            problems.push(format!(
                "`{label}` has no METADATA: only version evidence for it"
            ));
            None
        }
    };
    let installer = crate::os::atime::read(&dir.join("INSTALLER"))
        .ok()
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .filter(|s| !s.is_empty());
    let origin = match crate::os::atime::read(&dir.join("direct_url.json")) {
        Err(_) => DistOrigin::Registry,
        Ok(bytes) => direct_url_origin(&bytes).unwrap_or_else(|| {
            problems.push(format!(
                "`{label}/direct_url.json` is not valid: its source is unknown"
            ));
            DistOrigin::Unknown
        }),
    };
    Some(Dist {
        name: normalize_name(name),
        version: version.to_string(),
        installer,
        origin,
        built: dir.join("uv_build.json").is_file(),
        metadata,
    })
}

/// The kind of source a `direct_url.json` (PEP 610) names.
fn direct_url_origin(bytes: &[u8]) -> Option<DistOrigin> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let url = value.get("url")?.as_str()?;
    if value.get("vcs_info").is_some() {
        return Some(DistOrigin::Git);
    }
    if let Some(dir) = value.get("dir_info") {
        let editable = dir
            .get("editable")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        return Some(if editable {
            DistOrigin::Editable
        } else {
            DistOrigin::Path
        });
    }
    Some(if url.starts_with("file:") {
        DistOrigin::Path
    } else {
        DistOrigin::Url
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found() -> Found {
        Found {
            layer: None,
            rule: "test".into(),
        }
    }

    #[test]
    fn direct_url_kinds() {
        let origin = |s: &str| direct_url_origin(s.as_bytes());
        assert_eq!(
            origin(r#"{"url":"https://x/y.whl","archive_info":{}}"#),
            Some(DistOrigin::Url)
        );
        assert_eq!(
            origin(r#"{"url":"file:///x/y.whl","archive_info":{}}"#),
            Some(DistOrigin::Path)
        );
        assert_eq!(
            origin(r#"{"url":"git+file:///x","vcs_info":{"vcs":"git"}}"#),
            Some(DistOrigin::Git)
        );
        assert_eq!(
            origin(r#"{"url":"file:///x","dir_info":{"editable":true}}"#),
            Some(DistOrigin::Editable)
        );
        assert_eq!(
            origin(r#"{"url":"file:///x","dir_info":{}}"#),
            Some(DistOrigin::Path)
        );
        assert_eq!(origin("{not json"), None);
    }

    /// A broken `pyvenv.cfg`, a dist-info without METADATA, a bad `direct_url.json`: reported,
    /// the rest still read.
    #[test]
    fn bad_files_are_problems_not_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let venv = tmp.path().join("v");
        let site = venv.join("lib/python3.12/site-packages");
        std::fs::create_dir_all(site.join("Good_Pkg-1.0.dist-info")).unwrap();
        std::fs::write(site.join("Good_Pkg-1.0.dist-info/METADATA"), "Name: good").unwrap();
        std::fs::write(site.join("Good_Pkg-1.0.dist-info/INSTALLER"), "uv\n").unwrap();
        std::fs::create_dir_all(site.join("nometa-2.0.dist-info")).unwrap();
        std::fs::write(site.join("nometa-2.0.dist-info/direct_url.json"), "{").unwrap();
        std::fs::create_dir_all(site.join("noversion.dist-info")).unwrap();
        std::fs::write(
            venv.join("pyvenv.cfg"),
            "home = /usr/bin\nthis line is broken\nversion_info = 3.12.1\nuv = 0.13.9\n",
        )
        .unwrap();
        let read = read(&venv, VenvKind::Venv, found());
        assert_eq!(read.python.as_deref(), Some("3.12.1"));
        assert_eq!(read.uv.as_deref(), Some("0.13.9"));
        let names: Vec<_> = read
            .dists
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_str(), d.origin))
            .collect();
        assert_eq!(
            names,
            [
                ("good-pkg", "1.0", DistOrigin::Registry),
                ("nometa", "2.0", DistOrigin::Unknown)
            ]
        );
        assert_eq!(read.dists[0].installer.as_deref(), Some("uv"));
        let problems = read.problems.join("\n");
        assert!(
            problems.contains("line 2: `this line is broken`"),
            "{problems}"
        );
        assert!(
            problems.contains("`nometa-2.0.dist-info` has no METADATA"),
            "{problems}"
        );
        assert!(
            problems.contains("direct_url.json` is not valid"),
            "{problems}"
        );
        assert!(
            problems.contains("`noversion.dist-info` is not"),
            "{problems}"
        );
    }

    #[test]
    fn a_missing_environment_is_a_problem() {
        let tmp = tempfile::tempdir().unwrap();
        let read = read(&tmp.path().join("absent"), VenvKind::Venv, found());
        assert!(read.dists.is_empty());
        assert_eq!(read.problems.len(), 2, "{:?}", read.problems);
    }
}
