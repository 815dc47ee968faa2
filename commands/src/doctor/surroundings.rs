//! Between the cache and the caller's environment: file systems and link modes.

use std::path::Path;

use super::{Check, Status, check};

pub(super) fn filesystem(root: &Path, venv: Option<&Path>) -> Check {
    let Some(venv) = venv else {
        return check(
            "filesystem",
            Status::Info,
            "no virtual environment found ($VIRTUAL_ENV or .venv above this directory)",
        );
    };
    match (uvcache::os::space::device(root), uvcache::os::space::device(venv)) {
        (Some(a), Some(b)) if a == b => check(
            "filesystem",
            Status::Ok,
            format!("cache and {} are on the same file system", venv.display()),
        ),
        (Some(_), Some(_)) => check(
            "filesystem",
            Status::Warn,
            format!(
                "cache and {} are on different file systems: uv copies every file instead of linking",
                venv.display()
            ),
        )
        .advice("put the cache on the venv's file system (UV_CACHE_DIR), or set UV_LINK_MODE=copy to accept copies"),
        _ => check("filesystem", Status::Info, "file systems could not be compared"),
    }
}

/// Tries each link mode from a file of the cache into a temporary directory in `dest`.
pub(super) fn link_modes(root: &Path, dest: &Path) -> Check {
    let Some(source) = ["CACHEDIR.TAG", ".gitignore"]
        .iter()
        .map(|m| root.join(m))
        .find(|p| p.is_file())
    else {
        return check(
            "link-modes",
            Status::Info,
            "no file in the cache to test links with",
        );
    };
    let Ok(temp) = tempfile::Builder::new()
        .prefix(".uvcache-doctor-")
        .tempdir_in(dest)
    else {
        return check(
            "link-modes",
            Status::Info,
            format!("cannot write in {} to test links", dest.display()),
        );
    };
    let modes = uvcache::os::link::working_modes(&source, temp.path());
    let detail = format!(
        "into {}: {}",
        dest.display(),
        modes
            .iter()
            .map(|(m, ok)| format!("{m} {}", if *ok { "yes" } else { "no" }))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let ok = |name: &str| modes.iter().any(|(m, ok)| *m == name && *ok);
    if ok("clone") || ok("hardlink") {
        check("link-modes", Status::Ok, detail)
    } else {
        check("link-modes", Status::Warn, detail)
            .advice("uv falls back to copying; set UV_LINK_MODE=copy to silence its warning")
    }
}
