//! A folder's names, read from an open [`Dir`].
//!
//! On Linux, `getdents64` fills a buffer the caller reuses across folders, and each name is
//! borrowed from it (the walk of a million paths allocates nothing per name). Other Unix
//! systems (macOS, the BSDs) use `readdir` on a duplicate of the descriptor, one owned name at
//! a time; Windows uses `std`'s `read_dir` on the folder's path.

use std::io;
use std::mem::MaybeUninit;

use crate::os::handle::{self, Dir, Name, NameBuf};
use crate::os::meta::Kind;

#[cfg(all(target_os = "linux", not(feature = "portable")))]
mod imp {
    use super::*;

    pub struct Entry<'a>(rustix::fs::RawDirEntry<'a>);

    impl Entry<'_> {
        pub fn file_name(&self) -> &Name {
            self.0.file_name()
        }

        pub fn file_type(&self) -> Option<Kind> {
            Kind::of_unix(self.0.file_type())
        }
    }

    pub struct Reader<'b>(rustix::fs::RawDir<'b, &'b rustix::fd::OwnedFd>);

    impl<'b> Reader<'b> {
        pub fn new(dir: &'b Dir, buf: &'b mut [MaybeUninit<u8>]) -> Self {
            Reader(rustix::fs::RawDir::new(dir.fd(), buf))
        }

        #[allow(clippy::should_implement_trait)] // a lending iterator: names borrow the reader
        pub fn next(&mut self) -> Option<io::Result<Entry<'_>>> {
            self.0
                .next()
                .map(|item| item.map(Entry).map_err(io::Error::from))
        }
    }
}

#[cfg(all(unix, not(all(target_os = "linux", not(feature = "portable")))))]
mod imp {
    use super::*;

    pub struct Entry<'a>(rustix::fs::DirEntry, std::marker::PhantomData<&'a ()>);

    impl Entry<'_> {
        pub fn file_name(&self) -> &Name {
            self.0.file_name()
        }

        pub fn file_type(&self) -> Option<Kind> {
            Kind::of_unix(self.0.file_type())
        }
    }

    pub struct Reader<'b> {
        dir: Option<rustix::fs::Dir>,
        failed: Option<rustix::io::Errno>,
        _borrow: std::marker::PhantomData<&'b ()>,
    }

    impl<'b> Reader<'b> {
        /// `buf` is Linux's; `readdir` has its own.
        pub fn new(dir: &'b Dir, _buf: &'b mut [MaybeUninit<u8>]) -> Self {
            let (dir, failed) = match rustix::fs::Dir::read_from(dir.fd()) {
                Ok(dir) => (Some(dir), None),
                Err(e) => (None, Some(e)),
            };
            Reader {
                dir,
                failed,
                _borrow: std::marker::PhantomData,
            }
        }

        #[allow(clippy::should_implement_trait)] // a lending iterator, as on Linux
        pub fn next(&mut self) -> Option<io::Result<Entry<'_>>> {
            if let Some(e) = self.failed.take() {
                return Some(Err(e.into()));
            }
            self.dir.as_mut()?.read().map(|item| {
                item.map(|e| Entry(e, std::marker::PhantomData))
                    .map_err(io::Error::from)
            })
        }
    }
}

#[cfg(windows)]
mod imp {
    use super::*;

    pub struct Entry<'a>(
        std::fs::DirEntry,
        std::ffi::OsString,
        std::marker::PhantomData<&'a ()>,
    );

    impl Entry<'_> {
        pub fn file_name(&self) -> &Name {
            &self.1
        }

        /// Links (symlinks, junctions) are reported as such, never followed.
        pub fn file_type(&self) -> Option<Kind> {
            self.0.file_type().ok().map(Kind::of_std)
        }
    }

    pub struct Reader<'b> {
        entries: Option<std::fs::ReadDir>,
        failed: Option<io::Error>,
        _borrow: std::marker::PhantomData<&'b ()>,
    }

    impl<'b> Reader<'b> {
        /// `buf` is Linux's; `read_dir` has its own.
        pub fn new(dir: &'b Dir, _buf: &'b mut [MaybeUninit<u8>]) -> Self {
            let (entries, failed) = match std::fs::read_dir(dir.path()) {
                Ok(entries) => (Some(entries), None),
                Err(e) => (None, Some(e)),
            };
            Reader {
                entries,
                failed,
                _borrow: std::marker::PhantomData,
            }
        }

        #[allow(clippy::should_implement_trait)] // a lending iterator, as on Linux
        pub fn next(&mut self) -> Option<io::Result<Entry<'_>>> {
            if let Some(e) = self.failed.take() {
                return Some(Err(e));
            }
            self.entries.as_mut()?.next().map(|item| {
                item.map(|e| {
                    let name = e.file_name();
                    Entry(e, name, std::marker::PhantomData)
                })
            })
        }
    }
}

pub use imp::{Entry, Reader};

/// Whether `entry`, read from `dir`, is a folder: as the folder records it, or by an `lstat`
/// where it records no type.
pub fn is_dir(dir: &Dir, entry: &Entry<'_>) -> bool {
    match entry.file_type() {
        Some(kind) => kind == Kind::Dir,
        None => dir.stat_at(entry.file_name()).is_ok_and(|s| s.is_dir()),
    }
}

/// Size of a reader's buffer (Linux's `getdents`; the others ignore it).
pub const BUFFER: usize = 32 * 1024;

/// A fresh buffer for [`Reader::new`].
pub fn buffer() -> Vec<MaybeUninit<u8>> {
    vec![MaybeUninit::uninit(); BUFFER]
}

/// The names in the folder `dir`: its folders, and everything else.
pub fn children(dir: &Dir) -> std::io::Result<(Vec<NameBuf>, Vec<NameBuf>)> {
    let mut buf = buffer();
    let mut reader = Reader::new(dir, &mut buf);
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    while let Some(item) = reader.next() {
        let item = item?;
        let name = item.file_name();
        if handle::is_dot(name) {
            continue;
        }
        let is_dir = is_dir(dir, &item);
        if is_dir { &mut dirs } else { &mut files }.push(name.to_owned());
    }
    Ok((dirs, files))
}
