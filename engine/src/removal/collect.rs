//! uv's garbage collection of `files-v0`: blobs no archive links to any more.

use std::path::Path;

use crate::error::Result;
use crate::os::dir::children;
use crate::os::handle;
use crate::os::meta::Kind;
use crate::removal::counted::Removal;
use crate::removal::remover::{Remover, io_err};

impl Remover {
    /// Removes the files of `dir` (root-relative) that have a single link, then its empty
    /// subdirectories bottom-up, keeping `dir` itself: uv's garbage collection of `files-v0`.
    pub fn remove_unlinked_files(&self, dir: &str) -> Result<Removal> {
        let mut removal = Removal::default();
        if !self.root.join(dir).is_dir() {
            return Ok(removal);
        }
        self.collect_in(Path::new(dir), &mut removal)?;
        Ok(removal)
    }

    /// Collects below `rel`; whether it is empty afterwards.
    fn collect_in(&self, rel: &Path, removal: &mut Removal) -> Result<bool> {
        let fd = self.open_beneath(rel)?;
        let path = self.root.join(rel);
        let (dirs, files) = children(&fd).map_err(|e| io_err(&path, e))?;
        let mut empty = true;
        for name in dirs {
            let child = rel.join(handle::name_path(&name));
            if self.collect_in(&child, removal)? {
                fd.remove_dir_at(&name)
                    .map_err(|e| io_err(&self.root.join(&child), e))?;
                removal.dirs += 1;
            } else {
                empty = false;
            }
        }
        for name in files {
            let file = path.join(handle::name_path(&name));
            let stat = fd.stat_at(&name).map_err(|e| io_err(&file, e))?;
            if stat.kind == Kind::File && stat.nlink == 1 {
                *removal += self.unlink_file(&fd, &name, &file)?;
            } else {
                empty = false;
            }
        }
        Ok(empty)
    }
}
