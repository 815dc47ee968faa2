//! What the walk adds up for each cache entry while it visits files: sizes as `du` and uv
//! count them, times, links, and which pointer files exist.

use crate::cache::layout::RootClass;
use crate::os::meta::{Kind, Meta};

/// A top-level item of the cache root.
#[derive(Debug, Clone)]
pub struct TopItem {
    /// Its name.
    pub name: String,
    /// What it is.
    pub class: RootClass,
    /// Whether it is a directory.
    pub is_dir: bool,
    /// Disk bytes of everything below it, itself included.
    pub disk: u64,
}

/// Sums for one cache entry, gathered while walking.
#[derive(Debug, Clone, Default)]
pub struct Accum {
    /// Index of the top-level item holding the entry.
    pub top: usize,
    /// Allocated bytes, hardlinked inodes counted at their first visit only.
    pub disk: u64,
    /// Apparent bytes (`st_size`) of files and symlinks.
    pub apparent: u64,
    /// Allocated bytes of files with more than one link (shared with a venv or another entry),
    /// counted where `disk` counts them: at the one entry that owns the inode.
    pub shared: u64,
    /// Allocated bytes of files with one link: what removing the entry frees (uv's count).
    pub reclaimable: u64,
    /// Number of non-directory entries (files and symlinks).
    pub files: u64,
    /// Number of directories, the entry's own included.
    pub dirs: u64,
    /// Newest modification time (seconds, nanoseconds).
    pub modified: Option<(i64, u32)>,
    /// Newest access time of the entry's pointer level (its own files and first level).
    pub accessed: Option<(i64, u32)>,
    /// Newest modification time of the pointer level.
    pub pointer_modified: Option<(i64, u32)>,
    /// Links and name hints: most entries (archives, pages) have none, so they live apart to
    /// keep the per-entry sums small (the walk holds one per entry and worker).
    pub links: Option<Box<Links>>,
    /// Whether the entry's path is a directory (as opposed to a group of files).
    pub is_dir: bool,
    /// Whether the entry has a `.rev` pointer (a local file, not a download).
    pub has_rev: bool,
    /// Which of the entry's stem and pointer files exist ([`crate::cache::layout::member_bit`]), so that a
    /// plan can name them without asking the file system again.
    pub members: u8,
}

/// What an entry links to, and the wheel name seen in it.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// Archive ids this entry links to (`archive-v0/<id>`).
    pub references: Vec<String>,
    /// Symlinks whose target leaves the cache root.
    pub external_links: Vec<String>,
    /// Targets (relative to the root) of every symlink inside the cache: checked after the walk
    /// for dangling links.
    pub link_targets: Vec<String>,
    /// `(link, archive)` pairs, both relative to the root, for the links uv's reference scan
    /// sees (not below `src`, not named like a lock, wheel or pointer file).
    pub reference_links: Vec<(String, String)>,
    /// A wheel file or stem seen in the entry (`tomli-2.5.0-py3-none-any.whl`): name source for
    /// sources whose path does not say the package.
    pub wheel_hint: Option<String>,
}

impl Links {
    fn merge(&mut self, other: Links) {
        self.references.extend(other.references);
        self.external_links.extend(other.external_links);
        self.link_targets.extend(other.link_targets);
        self.reference_links.extend(other.reference_links);
        if self.wheel_hint.is_none() {
            self.wheel_hint = other.wheel_hint;
        }
    }
}

impl Accum {
    /// The entry's links, created on first use.
    pub(crate) fn links_mut(&mut self) -> &mut Links {
        self.links.get_or_insert_with(Default::default)
    }

    pub(crate) fn merge(&mut self, other: Accum) {
        self.top = other.top;
        self.disk += other.disk;
        self.apparent += other.apparent;
        self.shared += other.shared;
        self.reclaimable += other.reclaimable;
        self.files += other.files;
        self.dirs += other.dirs;
        self.modified = self.modified.max(other.modified);
        self.accessed = self.accessed.max(other.accessed);
        self.pointer_modified = self.pointer_modified.max(other.pointer_modified);
        if let Some(links) = other.links {
            self.links_mut().merge(*links);
        }
        self.is_dir |= other.is_dir;
        self.has_rev |= other.has_rev;
        self.members |= other.members;
    }
}

/// The bytes `uv cache size` counts for a file ([`Meta::blocks`]: allocated bytes, as `du -B1`
/// counts, on Unix).
pub(crate) fn blocks(meta: &Meta) -> u64 {
    meta.blocks
}

/// Adds one file, symlink or directory to an entry's sums. Directories count for disk usage
/// only: uv's removal figure counts files, and a directory's link count is no sharing.
pub(crate) fn add_file(accum: &mut Accum, stat: &Meta, disk: u64, pointer_level: bool) {
    let alloc = blocks(stat);
    accum.disk += disk;
    if stat.kind == Kind::Dir {
        accum.dirs += 1;
    } else {
        accum.apparent += stat.size;
        if stat.nlink > 1 {
            // `disk` is 0 here: the walk gives the bytes of a file with several links to one
            // owning entry after the walk (`disk` and `shared` alike), so `shared <= disk`.
            accum.shared += disk;
        } else {
            accum.reclaimable += alloc;
        }
        accum.files += 1;
    }
    let mtime = stat.mtime;
    accum.modified = accum.modified.max(Some(mtime));
    if pointer_level {
        accum.pointer_modified = accum.pointer_modified.max(Some(mtime));
        // Only regular files tell a use: uvcache's own walk reads directories (getdents) and
        // symlinks (readlink), which moves their access times, so theirs would say "used
        // today" after any `uvcache ls`. uv reads an entry's pointer files when it uses it.
        if stat.kind == Kind::File {
            accum.accessed = accum.accessed.max(Some(stat.atime));
        }
    }
}
