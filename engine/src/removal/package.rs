//! Which shards hold a package, as uv's `clean PKG` decides: by path for registry sources,
//! by the name in `metadata.msgpack` for url, path and git sources (only the name is read).

use std::path::Path;

use crate::cache::names::normalize_name;

/// Directory entries of a root-relative directory: (name, is_dir), sorted.
pub(crate) fn list(root: &Path, rel: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = std::fs::read_dir(root.join(rel))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.file_type().is_ok_and(|t| t.is_dir()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The package name stored first in a `metadata.msgpack` (uv's `ResolutionMetadata`): a
/// msgpack array whose first element is the name (uv 0.13.8), or a map with a `name` key
/// (older uv). Anything else reads as no name. Only the name is read.
pub fn metadata_name(bytes: &[u8]) -> Option<String> {
    fn str_at(bytes: &[u8], at: usize) -> Option<(&str, usize)> {
        let tag = *bytes.get(at)?;
        let (len, start) = match tag {
            0xa0..=0xbf => ((tag & 0x1f) as usize, at + 1),
            0xd9 => (*bytes.get(at + 1)? as usize, at + 2),
            0xda => (
                u16::from_be_bytes([*bytes.get(at + 1)?, *bytes.get(at + 2)?]) as usize,
                at + 3,
            ),
            _ => return None,
        };
        Some((
            std::str::from_utf8(bytes.get(start..start + len)?).ok()?,
            start + len,
        ))
    }
    let tag = *bytes.first()?;
    let first = match tag {
        0x90..=0x9f => 1,
        0xdc => 3,
        0xdd => 5,
        0x80..=0x8f => {
            let (key, next) = str_at(bytes, 1)?;
            return (key == "name")
                .then(|| str_at(bytes, next).map(|(v, _)| v.to_string()))
                .flatten();
        }
        _ => return None,
    };
    str_at(bytes, first).map(|(name, _)| name.to_string())
}

pub(crate) fn metadata_matches(root: &Path, dir: &str, package: &str) -> bool {
    crate::os::atime::read(&root.join(dir).join("metadata.msgpack"))
        .ok()
        .and_then(|b| metadata_name(&b))
        .is_some_and(|n| normalize_name(&n) == package)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_name_of_uv_metadata() {
        // uv 0.13.8's metadata.msgpack of a package `edpkg` 0.1.0 starts like this.
        let array = [
            0x96, 0xa5, b'e', b'd', b'p', b'k', b'g', 0xa5, b'0', b'.', b'1', b'.', b'0', 0x90,
            0xc0, 0x90, 0x90,
        ];
        assert_eq!(metadata_name(&array).as_deref(), Some("edpkg"));
        let map = [0x81, 0xa4, b'n', b'a', b'm', b'e', 0xa3, b'a', b'b', b'c'];
        assert_eq!(metadata_name(&map).as_deref(), Some("abc"));
        assert_eq!(metadata_name(b""), None);
        assert_eq!(metadata_name(&[0x96, 0x01]), None);
        assert_eq!(metadata_name(&[0xa5, b'x']), None);
    }
}
