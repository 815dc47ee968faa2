//! A directory's names, read from an open descriptor.
//!
//! On Linux, `getdents64` fills a buffer the caller reuses across directories, and each name is
//! borrowed from it (the walk of a million paths allocates nothing per name). Elsewhere
//! (macOS, the BSDs), `readdir` on a duplicate of the descriptor, one owned name at a time.

use std::ffi::CStr;
use std::mem::MaybeUninit;

use rustix::fd::AsFd;

/// One name of a directory (`.` and `..` included, as the system gives them).
pub enum Entry<'a> {
    /// Borrowed from the caller's buffer.
    #[cfg(all(target_os = "linux", not(feature = "portable")))]
    Raw(rustix::fs::RawDirEntry<'a>),
    /// Owned.
    #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
    Owned(rustix::fs::DirEntry, std::marker::PhantomData<&'a ()>),
}

impl Entry<'_> {
    /// The entry's name.
    pub fn file_name(&self) -> &CStr {
        match self {
            #[cfg(all(target_os = "linux", not(feature = "portable")))]
            Entry::Raw(raw) => raw.file_name(),
            #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
            Entry::Owned(owned, _) => owned.file_name(),
        }
    }

    /// The entry's type as the directory records it (`Unknown` on file systems that do not).
    pub fn file_type(&self) -> rustix::fs::FileType {
        match self {
            #[cfg(all(target_os = "linux", not(feature = "portable")))]
            Entry::Raw(raw) => raw.file_type(),
            #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
            Entry::Owned(owned, _) => owned.file_type(),
        }
    }
}

/// The names of one directory, read as they are asked for.
pub struct Reader<'b, Fd: AsFd> {
    #[cfg(all(target_os = "linux", not(feature = "portable")))]
    raw: rustix::fs::RawDir<'b, Fd>,
    #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
    dir: Option<rustix::fs::Dir>,
    #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
    failed: Option<rustix::io::Errno>,
    #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
    _borrow: std::marker::PhantomData<(&'b mut [MaybeUninit<u8>], Fd)>,
}

impl<'b, Fd: AsFd> Reader<'b, Fd> {
    /// Reads the directory open as `fd`, with `buf` as the buffer where the system has one.
    #[cfg(all(target_os = "linux", not(feature = "portable")))]
    pub fn new(fd: Fd, buf: &'b mut [MaybeUninit<u8>]) -> Self {
        Reader {
            raw: rustix::fs::RawDir::new(fd, buf),
        }
    }

    /// Reads the directory open as `fd` (`buf` is Linux's; here `readdir` has its own).
    #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
    pub fn new(fd: Fd, _buf: &'b mut [MaybeUninit<u8>]) -> Self {
        let (dir, failed) = match rustix::fs::Dir::read_from(fd.as_fd()) {
            Ok(dir) => (Some(dir), None),
            Err(e) => (None, Some(e)),
        };
        Reader {
            dir,
            failed,
            _borrow: std::marker::PhantomData,
        }
    }

    /// The next name, or the error that ends the listing.
    #[allow(clippy::should_implement_trait)] // a lending iterator: names borrow the reader
    pub fn next(&mut self) -> Option<rustix::io::Result<Entry<'_>>> {
        #[cfg(all(target_os = "linux", not(feature = "portable")))]
        {
            self.raw.next().map(|item| item.map(Entry::Raw))
        }
        #[cfg(not(all(target_os = "linux", not(feature = "portable"))))]
        {
            if let Some(e) = self.failed.take() {
                return Some(Err(e));
            }
            self.dir
                .as_mut()?
                .read()
                .map(|item| item.map(|e| Entry::Owned(e, std::marker::PhantomData)))
        }
    }
}
