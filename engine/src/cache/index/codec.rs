//! The index file: a header that names the format, the uvcache release that wrote it and the
//! cache root (device and inode), then the snapshot's records, then a checksum of everything
//! before it. Little-endian numbers and length-prefixed strings, read back with every length
//! checked: a truncated, corrupt or foreign file is an error, never a wrong snapshot.

use std::sync::Arc;

use crate::cache::index::Snapshot;
use crate::cache::sums::{Accum, Links};
use crate::cache::walk::{Claim, DirRecord, PointerRecord, RawWalk, Recorded, Stamp};

/// The first bytes of every index file.
const MAGIC: &[u8; 14] = b"UVCACHE-INDEX\n";

/// The layout of the records; a file of another format is rebuilt. 3: the entries, claims and
/// top-level items before the directory and pointer records.
pub const FORMAT: u32 = 3;

/// A flag: the same name as the record's own path (a directory), or as the record before (a
/// pointer's entry).
const SAME: u8 = 2;

/// How many leading bytes two paths share, cut at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n)
        .rev()
        .find(|&i| a.is_char_boundary(i) && b.is_char_boundary(i))
        .unwrap_or(0)
}

/// Buffered bytes past this are checksummed and written out while encoding: an index of a
/// million paths is 45 MB, which would otherwise sit in memory (twice, while a growing buffer
/// is copied).
const SPILL: usize = 1 << 20;

/// Writes the index file of `raw`, the walk of the root `(dev, ino)` that began at
/// `scanned_at`, into `out` as it is encoded. What the inventory needs (entries, claims,
/// top-level items) comes first; once it is written, or failed to be, the walk without its
/// directory and pointer records is handed to `sums`, so that a first run builds the inventory
/// while the records (the bulk) are written, each part freed once written.
pub fn encode_to(
    mut raw: RawWalk,
    (dev, ino): (u64, u64),
    scanned_at: (i64, u32),
    out: &mut dyn std::io::Write,
    sums: &mut dyn FnMut(RawWalk),
) -> std::io::Result<()> {
    let mut out = Spill {
        out,
        hash: FNV_BASIS,
    };
    let mut w = Writer::headed(MAGIC, 2 * SPILL);
    w.u64(dev);
    w.u64(ino);
    w.time(scanned_at);
    let head = encode_sums(&raw, &mut w, &mut out);
    let Recorded { dirs, pointers } = std::mem::take(&mut raw.recorded);
    sums(raw);
    head?;
    w.u32(dirs.len() as u32);
    for d in &dirs {
        w.str(&d.rel);
        w.stamp(&d.stamp);
        w.u64(d.blocks);
        w.u32(d.top as u32);
        // An entry's own directory (most of them) names its entry by itself.
        match d.entry.as_deref() {
            Some(entry) if entry == &*d.rel => w.u8(SAME),
            entry => w.opt_str(entry),
        }
        out.spill(&mut w)?;
    }
    drop(dirs);
    w.u32(pointers.len() as u32);
    let mut previous: Option<&str> = None;
    for p in &pointers {
        // An entry's pointer files come one after another, and their paths start with the
        // entry's (`<stem>.http` beside `<stem>`): neither is written twice.
        if previous == Some(&*p.entry) {
            w.u8(SAME);
        } else {
            w.u8(1);
            w.str(&p.entry);
            previous = Some(&p.entry);
        }
        let shared = common_prefix(&p.entry, &p.rel);
        w.u32(shared as u32);
        w.str(&p.rel[shared..]);
        w.stamp(&p.stamp);
        out.spill(&mut w)?;
    }
    out.seal(w)
}

/// The root's own blocks, the entries, the claims and the top-level items of `raw`.
fn encode_sums(raw: &RawWalk, w: &mut Writer, out: &mut Spill<'_>) -> std::io::Result<()> {
    w.u64(raw.root_disk);
    w.u32(raw.entries.len() as u32);
    for (key, accum) in &raw.entries {
        w.str(key);
        w.accum(accum);
        out.spill(w)?;
    }
    w.u32(raw.claims.len() as u32);
    for c in &raw.claims {
        w.str(&c.entry);
        w.u32(c.top as u32);
        w.u64(c.dev);
        w.u64(c.ino);
        w.u64(c.blocks);
        out.spill(w)?;
    }
    w.u32(raw.top.len() as u32);
    for t in &raw.top {
        w.str(&t.name);
    }
    Ok(())
}

/// Where an index is written as it is encoded, and the checksum of what went there.
struct Spill<'a> {
    out: &'a mut dyn std::io::Write,
    hash: u64,
}

impl Spill<'_> {
    /// Writes out what `w` holds once it passes [`SPILL`], in whole 8-byte words (the
    /// checksum's unit), keeping the rest.
    fn spill(&mut self, w: &mut Writer) -> std::io::Result<()> {
        if w.0.len() < SPILL {
            return Ok(());
        }
        let n = w.0.len() / 8 * 8;
        self.hash = fold_words(self.hash, &w.0[..n]);
        self.out.write_all(&w.0[..n])?;
        w.0.drain(..n);
        Ok(())
    }

    /// Writes the rest and the checksum of everything.
    fn seal(self, mut w: Writer) -> std::io::Result<()> {
        let sum = fold_tail(self.hash, &w.0);
        w.u64(sum);
        self.out.write_all(&w.0)?;
        self.out.flush()
    }
}

/// A reader past the header of a file that starts with `magic`, of this format and release,
/// whose checksum matches.
pub(super) fn checked<'a>(bytes: &'a [u8], magic: &[u8]) -> Result<Reader<'a>, Refused> {
    if bytes.len() < magic.len() + 12 || !bytes.starts_with(magic) {
        return Err(Refused::Corrupt("not an index file"));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    let mut r = Reader {
        bytes: body,
        at: magic.len(),
    };
    let format = r.u32()?;
    let release = r.str()?.to_string();
    if format != FORMAT || release != env!("CARGO_PKG_VERSION") {
        return Err(Refused::Foreign(format, release));
    }
    if u64::from_le_bytes(
        sum.try_into()
            .map_err(|_| Refused::Corrupt("no checksum"))?,
    ) != checksum(body)
    {
        return Err(Refused::Corrupt("checksum mismatch"));
    }
    Ok(r)
}

/// Why a file is not a usable index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Written by another format or uvcache release: `(format, release)`.
    Foreign(u32, String),
    /// Not an index, cut short, or altered.
    Corrupt(&'static str),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Foreign(format, release) => write!(
                f,
                "written by uvcache {release} (index format {format}; this is {} with format {FORMAT})",
                env!("CARGO_PKG_VERSION")
            ),
            Refused::Corrupt(what) => write!(f, "corrupt ({what})"),
        }
    }
}

/// The scan time in an index file's header (read without the records or the checksum).
pub fn scanned_at(head: &[u8]) -> Option<(i64, u32)> {
    if !head.starts_with(MAGIC) {
        return None;
    }
    let mut r = Reader {
        bytes: head,
        at: MAGIC.len(),
    };
    (r.u32().ok()? == FORMAT).then_some(())?;
    r.str().ok()?;
    r.u64().ok()?;
    r.u64().ok()?;
    r.time().ok()
}

/// Decodes an index file.
pub fn decode(bytes: &[u8]) -> Result<Snapshot, Refused> {
    let mut r = checked(bytes, MAGIC)?;
    let dev = r.u64()?;
    let ino = r.u64()?;
    let scanned_at = r.time()?;
    let root_disk = r.u64()?;
    let mut entries = Vec::new();
    for _ in 0..r.count()? {
        let key: Arc<str> = Arc::from(r.str()?);
        entries.push((key, r.accum()?));
    }
    let mut claims = Vec::new();
    for _ in 0..r.count()? {
        claims.push(Claim {
            entry: Arc::from(r.str()?),
            top: r.u32()? as usize,
            dev: r.u64()?,
            ino: r.u64()?,
            blocks: r.u64()?,
        });
    }
    let mut tops = Vec::new();
    for _ in 0..r.count()? {
        tops.push(r.str()?.to_string());
    }
    let mut dirs = Vec::new();
    for _ in 0..r.count()? {
        let rel: Arc<str> = Arc::from(r.str()?);
        let stamp = r.stamp()?;
        let blocks = r.u64()?;
        let top = r.u32()? as usize;
        let entry = match r.u8()? {
            0 => None,
            1 => Some(Arc::from(r.str()?)),
            SAME => Some(rel.clone()),
            _ => return Err(Refused::Corrupt("a bad flag")),
        };
        dirs.push(DirRecord {
            rel,
            stamp,
            blocks,
            top,
            entry,
        });
    }
    let mut pointers = Vec::new();
    let mut previous: Option<Arc<str>> = None;
    for _ in 0..r.count()? {
        let entry = match (r.u8()?, previous.take()) {
            (SAME, Some(entry)) => entry,
            (1, _) => Arc::from(r.str()?),
            _ => return Err(Refused::Corrupt("a bad flag")),
        };
        let shared = r.u32()? as usize;
        let prefix = entry
            .get(..shared)
            .ok_or(Refused::Corrupt("a path longer than its entry's"))?;
        let rel: Arc<str> = Arc::from(format!("{prefix}{}", r.str()?));
        previous = Some(entry.clone());
        pointers.push(PointerRecord {
            entry,
            rel,
            stamp: r.stamp()?,
        });
    }
    r.end()?;
    Ok(Snapshot {
        dev,
        ino,
        scanned_at,
        root_disk,
        tops,
        entries,
        dirs,
        pointers,
        claims,
    })
}

/// FNV-1a over 8-byte words: cheap, and enough to tell a damaged file (the store is the
/// user's own; this is no defence against an attacker, who could write a valid index).
fn checksum(bytes: &[u8]) -> u64 {
    fold_tail(FNV_BASIS, bytes)
}

const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// The checksum's state after `bytes`, a whole number of words, from state `hash`.
fn fold_words(mut hash: u64, bytes: &[u8]) -> u64 {
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        hash = (hash ^ word).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The checksum of everything, from state `hash` and the last `bytes` (any length).
fn fold_tail(hash: u64, bytes: &[u8]) -> u64 {
    let words = bytes.len() / 8 * 8;
    let mut hash = fold_words(hash, &bytes[..words]);
    for &b in &bytes[words..] {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    /// A file that starts with `magic`, this format and this uvcache release.
    pub(super) fn headed(magic: &[u8], capacity: usize) -> Writer {
        let mut w = Writer(Vec::with_capacity(capacity));
        w.0.extend_from_slice(magic);
        w.u32(FORMAT);
        w.str(env!("CARGO_PKG_VERSION"));
        w
    }
    /// Appends `part`'s bytes after their length: a block that a reader can hand to another
    /// thread ([`Reader::block`]).
    pub(super) fn block(&mut self, part: Writer) {
        self.u32(part.0.len() as u32);
        self.0.extend_from_slice(&part.0);
    }
    /// The file's bytes, its checksum last.
    pub(super) fn sealed(mut self) -> Vec<u8> {
        let sum = checksum(&self.0);
        self.u64(sum);
        self.0
    }
    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(super) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(super) fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    pub(super) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    pub(super) fn time(&mut self, t: (i64, u32)) {
        self.u64(t.0 as u64);
        self.u32(t.1);
    }
    pub(super) fn opt_time(&mut self, t: Option<(i64, u32)>) {
        match t {
            Some(t) => {
                self.u8(1);
                self.time(t);
            }
            None => self.u8(0),
        }
    }
    pub(super) fn stamp(&mut self, s: &Stamp) {
        self.u64(s.ino);
        self.u64(s.size);
        self.time(s.mtime);
        self.time(s.ctime);
        self.time(s.atime);
    }
    pub(super) fn pairs(&mut self, items: &[(String, String)]) {
        self.u32(items.len() as u32);
        for (a, b) in items {
            self.str(a);
            self.str(b);
        }
    }
    pub(super) fn strs(&mut self, items: &[String]) {
        self.u32(items.len() as u32);
        for s in items {
            self.str(s);
        }
    }
    fn accum(&mut self, a: &Accum) {
        self.u32(a.top as u32);
        for v in [a.disk, a.apparent, a.shared, a.reclaimable, a.files, a.dirs] {
            self.u64(v);
        }
        self.opt_time(a.modified);
        self.opt_time(a.accessed);
        self.opt_time(a.pointer_modified);
        self.u8(u8::from(a.is_dir) | u8::from(a.has_rev) << 1);
        self.u8(a.members);
        match &a.links {
            None => self.u8(0),
            Some(l) => {
                self.u8(1);
                self.strs(&l.references);
                self.strs(&l.external_links);
                self.strs(&l.link_targets);
                self.pairs(&l.reference_links);
                self.opt_str(l.wheel_hint.as_deref());
            }
        }
    }
}

pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Whether every record was read (the checksum excepted).
    pub(super) fn end(&self) -> Result<(), Refused> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(Refused::Corrupt("bytes after the records"))
        }
    }
    /// A reader of the next block ([`Writer::block`]), which this one skips.
    pub(super) fn block(&mut self) -> Result<Reader<'a>, Refused> {
        let n = self.u32()? as usize;
        Ok(Reader {
            bytes: self.take(n)?,
            at: 0,
        })
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], Refused> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or(Refused::Corrupt("cut short"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    pub(super) fn u8(&mut self) -> Result<u8, Refused> {
        Ok(self.take(1)?[0])
    }
    pub(super) fn u32(&mut self) -> Result<u32, Refused> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(super) fn u64(&mut self) -> Result<u64, Refused> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// A count of records, each at least a byte: never more than the bytes left.
    pub(super) fn count(&mut self) -> Result<usize, Refused> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.at {
            return Err(Refused::Corrupt("a count past the end"));
        }
        Ok(n)
    }
    pub(super) fn str(&mut self) -> Result<&'a str, Refused> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| Refused::Corrupt("a name that is not UTF-8"))
    }
    pub(super) fn opt_str(&mut self) -> Result<Option<&'a str>, Refused> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(Refused::Corrupt("a bad flag")),
        }
    }
    pub(super) fn time(&mut self) -> Result<(i64, u32), Refused> {
        Ok((self.u64()? as i64, self.u32()?))
    }
    pub(super) fn opt_time(&mut self) -> Result<Option<(i64, u32)>, Refused> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.time().map(Some),
            _ => Err(Refused::Corrupt("a bad flag")),
        }
    }
    pub(super) fn stamp(&mut self) -> Result<Stamp, Refused> {
        Ok(Stamp {
            ino: self.u64()?,
            size: self.u64()?,
            mtime: self.time()?,
            ctime: self.time()?,
            atime: self.time()?,
        })
    }
    pub(super) fn pairs(&mut self) -> Result<Vec<(String, String)>, Refused> {
        let n = self.count()?;
        (0..n)
            .map(|_| Ok((self.str()?.to_string(), self.str()?.to_string())))
            .collect()
    }
    pub(super) fn strs(&mut self) -> Result<Vec<String>, Refused> {
        let n = self.count()?;
        (0..n).map(|_| self.str().map(str::to_string)).collect()
    }
    fn accum(&mut self) -> Result<Accum, Refused> {
        let top = self.u32()? as usize;
        let mut v = [0u64; 6];
        for slot in &mut v {
            *slot = self.u64()?;
        }
        let modified = self.opt_time()?;
        let accessed = self.opt_time()?;
        let pointer_modified = self.opt_time()?;
        let flags = self.u8()?;
        let members = self.u8()?;
        let links = match self.u8()? {
            0 => None,
            1 => {
                let references = self.strs()?;
                let external_links = self.strs()?;
                let link_targets = self.strs()?;
                let reference_links = self.pairs()?;
                let wheel_hint = self.opt_str()?.map(str::to_string);
                Some(Box::new(Links {
                    references,
                    external_links,
                    link_targets,
                    reference_links,
                    wheel_hint,
                }))
            }
            _ => return Err(Refused::Corrupt("a bad flag")),
        };
        Ok(Accum {
            top,
            disk: v[0],
            apparent: v[1],
            shared: v[2],
            reclaimable: v[3],
            files: v[4],
            dirs: v[5],
            modified,
            accessed,
            pointer_modified,
            links,
            is_dir: flags & 1 != 0,
            has_rev: flags & 2 != 0,
            members,
        })
    }
}
