//! The cache's size over time: every time its index is written (a first walk, a revalidation
//! that found changes, `--exact`), one line with the total, the bytes of each top-level item
//! and the largest packages is appended to `<device>-<inode>.history` beside the index.
//!
//! Lines are JSON, each written with one `write` on a file opened for appending, so concurrent
//! uvcache processes never interleave a line. The file is bounded: past [`LIMIT`] bytes it is
//! rewritten whole (a temporary file, then a rename) with its newest [`KEEP`] lines.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Lines kept when the file is trimmed.
pub const KEEP: usize = 2000;

/// The size past which the file is trimmed.
pub const LIMIT: u64 = 4 << 20;

/// One point of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// When, RFC 3339.
    pub at: String,
    /// Total bytes, as `uv cache size` counts them.
    pub total: u64,
    /// Bytes per top-level item (`wheels-v8`), the root and its markers as `(root)`.
    pub buckets: Vec<(String, u64)>,
    /// The largest packages, largest first.
    pub packages: Vec<(String, u64)>,
}

/// The history file of the cache at `root`, beside its index in `dir`.
pub fn file_of(dir: &Path, root: &Path) -> Option<PathBuf> {
    super::file_of(dir, root).map(|f| f.with_extension("history"))
}

/// Appends `point` to the history of `root`, unless it says what the last point says (its
/// time aside): a row only when a total changes.
pub fn append(dir: &Path, root: &Path, point: &Point) -> Result<()> {
    let file = file_of(dir, root).ok_or_else(|| Error::MissingCache(root.to_path_buf()))?;
    if last(&file).is_some_and(|last| same_totals(&last, point)) {
        return Ok(());
    }
    let mut line = serde_json::to_vec(point).map_err(|e| Error::io(&file, e.into()))?;
    line.push(b'\n');
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .map_err(|e| Error::io(&file, e))?;
    out.write_all(&line).map_err(|e| Error::io(&file, e))?;
    let long = out.metadata().map(|m| m.len() > LIMIT).unwrap_or(false);
    drop(out);
    if long {
        let points = read(dir, root)?;
        let mut text = Vec::new();
        for p in &points[points.len().saturating_sub(KEEP)..] {
            text.extend(serde_json::to_vec(p).map_err(|e| Error::io(&file, e.into()))?);
            text.push(b'\n');
        }
        crate::cache::atomic::write_atomic(&file, &text)?;
    }
    Ok(())
}

fn same_totals(a: &Point, b: &Point) -> bool {
    (a.total, &a.buckets, &a.packages) == (b.total, &b.buckets, &b.packages)
}

/// The last point of the history file, read from its end (a line is far below 64 KiB).
fn last(file: &Path) -> Option<Point> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(file).ok()?;
    let len = f.metadata().ok()?.len();
    f.seek(SeekFrom::Start(len.saturating_sub(64 << 10))).ok()?;
    let mut tail = Vec::new();
    f.read_to_end(&mut tail).ok()?;
    tail.split(|b| *b == b'\n')
        .rev()
        .find_map(|line| serde_json::from_slice(line).ok())
}

/// Every point of the history of `root`, oldest first; lines that do not parse (a write cut
/// short by a crash) are left out.
pub fn read(dir: &Path, root: &Path) -> Result<Vec<Point>> {
    let Some(file) = file_of(dir, root) else {
        return Ok(Vec::new());
    };
    let text = match std::fs::read(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&file, e)),
    };
    Ok(text
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_append_and_read_back_and_a_torn_line_is_left_out() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("cache");
        std::fs::create_dir(&root).unwrap();
        let dir = tmp.path().join("index-v0");
        let point = |total| Point {
            at: "2026-11-30T00:00:00Z".into(),
            total,
            buckets: vec![("wheels-v8".into(), total)],
            packages: vec![("torch".into(), total / 2)],
        };
        append(&dir, &root, &point(10)).unwrap();
        append(&dir, &root, &point(20)).unwrap();
        // The same totals later: no row.
        let later = Point {
            at: "2026-12-01T00:00:00Z".into(),
            ..point(20)
        };
        append(&dir, &root, &later).unwrap();
        let file = file_of(&dir, &root).unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .unwrap();
        f.write_all(b"{\"at\": \"2026-").unwrap();
        drop(f);
        let read_back = read(&dir, &root).unwrap();
        assert_eq!(read_back, [point(10), point(20)]);
    }
}
