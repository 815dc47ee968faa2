//! Writing a file whole: a temporary file beside it, flushed, renamed over it. Readers see the
//! old file or the new one, never a part.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` whole, and on disk before it takes the old file's place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, true, &mut |out| out.write_all(bytes))
}

/// Writes what `fill` writes to `path` whole, without waiting for the disk: for files that
/// uvcache rebuilds when they are damaged (the index and the files beside it, checksummed and
/// refused when they do not match), where a sync would cost more than the rebuild it guards
/// against (the index of a million paths is 45 MB).
pub fn write_derived(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    write_with(path, false, fill)
}

fn write_with(
    path: &Path,
    sync: bool,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, temp);
    fill(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(path, e))?;
    let temp = out
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    if sync {
        temp.as_file()
            .sync_data()
            .map_err(|e| Error::io(temp.path(), e))?;
    }
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
