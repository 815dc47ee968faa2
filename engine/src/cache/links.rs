//! Symlinks inside a cache: which ones uv's reference scan sees, and where each one points.
//! A link is never followed to read or delete through it; only its target text is resolved.

use std::path::Path;

use crate::cache::layout::{self, Bucket};
use crate::os::link::LinkText;

/// Names uv's archive-reference scan does not descend into or count (docs/design.md#archive-reference-scan): `src`,
/// `.lock`, `.gitignore`, and anything ending in `.lock`, `.whl`, `.http`, `.rev`, `.msgpack`
/// (case-insensitive).
pub fn reference_pruned(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(lower.as_str(), "src" | ".lock" | ".gitignore")
        || lower.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && matches!(ext, "lock" | "whl" | "http" | "rev" | "msgpack")
        })
}

/// Where a symlink found in directory `rel` points.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An archive: `archive-v0/<id>` relative to the root.
    Archive(String),
    /// Something else inside the root (relative path).
    Inside(String),
    /// Outside the cache root.
    Outside,
}

/// Resolves what a link says ([`LinkText`]): a symlink's target from the link's folder `rel_dir`,
/// a Windows link file's text from the root.
pub fn resolve_text(root: &Path, rel_dir: &str, text: &LinkText) -> LinkTarget {
    match text {
        LinkText::Target(target) => resolve_link(root, rel_dir, target),
        LinkText::FromRoot(target) => resolve_link(root, "", target),
    }
}

/// Resolves a link target lexically (no file system access): relative targets against the
/// link's directory, absolute ones against the root path.
pub fn resolve_link(root: &Path, rel_dir: &str, target: &str) -> LinkTarget {
    let target_path = Path::new(target);
    let mut parts: Vec<&str> = Vec::new();
    let rest: Vec<&str> = if target_path.is_absolute() {
        match target_path.strip_prefix(root) {
            Ok(inside) => inside
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default(),
            Err(_) => return LinkTarget::Outside,
        }
    } else {
        parts.extend(rel_dir.split('/').filter(|p| !p.is_empty()));
        target.split('/').collect()
    };
    for part in rest {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return LinkTarget::Outside;
                }
            }
            p => parts.push(p),
        }
    }
    match parts.as_slice() {
        [bucket, _id]
            if layout::parse_bucket_name(bucket).is_some_and(|(b, _)| b == Bucket::Archive) =>
        {
            LinkTarget::Archive(parts.join("/"))
        }
        _ => LinkTarget::Inside(parts.join("/")),
    }
}
