//! What a removal counts, as uv counts it: files, directories and bytes, and what a dry run
//! would remove.

use std::ops::AddAssign;
use std::path::Path;

use crate::error::{Error, Result};
use crate::os::handle;
use crate::os::meta::{Meta, REMOVAL_COUNTS_PHYSICAL};

/// What a removal deleted; adds up with `+=`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    /// Files and symlinks removed.
    pub files: u64,
    /// Directories removed.
    pub dirs: u64,
    /// The bytes uv reports: allocated bytes of removed files that had a single link (uv
    /// 0.12.6 and later); [`crate::removal::run`] puts `apparent` here for older targets.
    pub bytes: u64,
    /// Apparent size (`st_size`) of every file and symlink removed (uv before 0.12.6).
    pub apparent: u64,
}

impl AddAssign for Removal {
    fn add_assign(&mut self, other: Removal) {
        self.files += other.files;
        self.dirs += other.dirs;
        self.bytes += other.bytes;
        self.apparent += other.apparent;
    }
}

impl std::iter::Sum for Removal {
    fn sum<I: Iterator<Item = Removal>>(iter: I) -> Removal {
        iter.fold(Removal::default(), |mut total, r| {
            total += r;
            total
        })
    }
}

impl Removal {
    /// What removing one file or symlink counts: its apparent size, and its blocks only when
    /// it has a single link (removing one of several names frees nothing).
    pub(super) fn of_file(stat: &Meta) -> Removal {
        Removal {
            files: 1,
            dirs: 0,
            bytes: if stat.nlink == 1 || !REMOVAL_COUNTS_PHYSICAL {
                stat.blocks
            } else {
                0
            },
            apparent: stat.size,
        }
    }

    /// uv's summary line: "Removed 31 files (308.0KiB)", "Removed 1 directory (0B)", or
    /// `nothing` ("No cache entries found" for clean, "No unused entries found" for prune).
    pub fn summary(&self, nothing: &str) -> String {
        let size = crate::text::human_bytes(self.bytes);
        match (self.files, self.dirs) {
            (0, 0) => nothing.to_string(),
            (0, 1) => format!("Removed 1 directory ({size})"),
            (0, n) => format!("Removed {n} directories ({size})"),
            (1, _) => format!("Removed 1 file ({size})"),
            (n, _) => format!("Removed {n} files ({size})"),
        }
    }
}

/// Counts a path as [`Remover::remove_all`] would, by `lstat`ing its tree (no symlink followed).
pub(super) fn measure_path(root: &Path, rel: &str) -> Result<Removal> {
    let mut removal = Removal::default();
    let mut stack = vec![root.join(rel)];
    while let Some(path) = stack.pop() {
        let meta = match handle::lstat(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&path, e)),
        };
        if meta.is_dir() {
            removal.dirs += 1;
            for entry in std::fs::read_dir(&path).map_err(|e| Error::io(&path, e))? {
                stack.push(entry.map_err(|e| Error::io(&path, e))?.path());
            }
        } else {
            removal += Removal::of_file(&meta);
        }
    }
    Ok(removal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::human_bytes;

    #[test]
    fn summaries_read_like_uv() {
        assert_eq!(
            Removal::default().summary("No cache entries found"),
            "No cache entries found"
        );
        assert_eq!(
            Removal {
                files: 0,
                dirs: 1,
                bytes: 0,
                apparent: 0,
            }
            .summary(""),
            "Removed 1 directory (0B)"
        );
        assert_eq!(
            Removal {
                files: 31,
                dirs: 9,
                bytes: 315392,
                apparent: 0,
            }
            .summary(""),
            "Removed 31 files (308.0KiB)"
        );
        assert_eq!(
            Removal {
                files: 1,
                dirs: 0,
                bytes: 4096,
                apparent: 0,
            }
            .summary(""),
            "Removed 1 file (4.0KiB)"
        );
        assert_eq!(human_bytes(75_602_739), "72.1MiB");
    }
}
