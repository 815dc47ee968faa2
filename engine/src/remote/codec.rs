//! How a file's bytes rest on a remote: zstd-compressed where that saves space, else as they
//! are. The object keeps its name, the SHA-256 of the file's own bytes, and a pull checks the
//! bytes it writes, after decompression, against that name and the manifest's size.
//!
//! An object is compressed exactly when it starts with zstd's frame magic. A file that itself
//! starts with it (a `.zst` inside a wheel) is always stored compressed, so that the rule has no
//! exception; objects of uvcache before compression were stored as they are, and one of those
//! that starts with the magic fails its hash check and is refused, never placed.

use std::io::Write;

use bytes::Bytes;

pub use crate::remote::config::Compression;

/// zstd's frame magic number, as it starts a frame on disk.
pub const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// zstd's level: 1, its fastest. On the benchmark's built wheels it stores 0.51 of their
/// bytes, zip members left as they are (level 3 on every file: 0.50), for less CPU: on a
/// fast link the compression, not the network, sets the push's pace.
const LEVEL: i32 = 1;

/// A zip's local file header: `.whl` files and other archives, already deflated, which zstd
/// shrinks by a few percent at the cost of reading them through.
const ZIP: [u8; 4] = *b"PK\x03\x04";

/// The object to store for a file's bytes.
pub fn encode(raw: Bytes, compression: Compression) -> std::io::Result<Bytes> {
    let wrap = raw.starts_with(&MAGIC);
    if raw.starts_with(&ZIP) || (compression == Compression::None && !wrap) {
        return Ok(raw);
    }
    let packed = zstd::bulk::compress(&raw, LEVEL)?;
    if packed.len() < raw.len() || wrap {
        Ok(Bytes::from(packed))
    } else {
        Ok(raw)
    }
}

/// Turns an object's chunks, as they arrive, back into the file's bytes, written to `out`.
pub struct Decoder<W: Write> {
    state: State<W>,
}

enum State<W: Write> {
    /// Fewer than four bytes seen: not yet known which.
    Start(Vec<u8>, W),
    Raw(W),
    Zstd(Box<zstd::stream::write::Decoder<'static, W>>),
    /// Between states (never seen outside `write`).
    Empty,
}

impl<W: Write> Decoder<W> {
    /// A decoder writing into `out`.
    pub fn new(out: W) -> Decoder<W> {
        Decoder {
            state: State::Start(Vec::with_capacity(4), out),
        }
    }

    /// Takes the next chunk of the object.
    pub fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        // How many of `chunk`'s bytes went into `head`: 0 when the chunk alone shows the magic.
        let held = match &mut self.state {
            State::Raw(out) => return out.write_all(chunk),
            State::Zstd(decoder) => return decoder.write_all(chunk),
            State::Empty => return Ok(()),
            // The usual case: the first chunk holds the magic, and goes through uncopied.
            State::Start(head, _) if head.is_empty() && chunk.len() >= MAGIC.len() => 0,
            State::Start(head, _) => {
                let take = (MAGIC.len() - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
                if head.len() < MAGIC.len() {
                    return Ok(());
                }
                take
            }
        };
        let State::Start(head, out) = std::mem::replace(&mut self.state, State::Empty) else {
            return Ok(());
        };
        let compressed = if held == 0 { chunk } else { &head[..] }.starts_with(&MAGIC);
        self.begin(compressed, out)?;
        self.write(&head)?;
        self.write(&chunk[held..])
    }

    fn begin(&mut self, compressed: bool, out: W) -> std::io::Result<()> {
        self.state = if compressed {
            State::Zstd(Box::new(zstd::stream::write::Decoder::new(out)?))
        } else {
            State::Raw(out)
        };
        Ok(())
    }

    /// The writer, while it is being written to.
    pub fn output(&self) -> Option<&W> {
        match &self.state {
            State::Start(_, out) | State::Raw(out) => Some(out),
            State::Zstd(decoder) => Some(decoder.get_ref()),
            State::Empty => None,
        }
    }

    /// The object ended: the rest written and flushed, and the writer handed back.
    pub fn finish(mut self) -> std::io::Result<W> {
        if matches!(self.state, State::Start(..))
            && let State::Start(head, out) = std::mem::replace(&mut self.state, State::Empty)
        {
            // A file shorter than the magic: stored as it is.
            self.begin(false, out)?;
            self.write(&head)?;
        }
        match std::mem::replace(&mut self.state, State::Empty) {
            State::Raw(mut out) => {
                out.flush()?;
                Ok(out)
            }
            State::Zstd(mut decoder) => {
                decoder.flush()?;
                Ok(decoder.into_inner())
            }
            State::Start(..) | State::Empty => Err(std::io::Error::other("decoder used up")),
        }
    }
}

/// A whole object (a manifest) back to its bytes, refusing more than `limit` of them.
pub fn decode_all(stored: &[u8], limit: u64) -> std::io::Result<Vec<u8>> {
    let mut decoder = Decoder::new(Limited {
        out: Vec::new(),
        limit,
    });
    decoder.write(stored)?;
    Ok(decoder.finish()?.out)
}

/// A buffer that refuses to grow past its limit.
struct Limited {
    out: Vec<u8>,
    limit: u64,
}

impl Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.out.len() + buf.len()) as u64 > self.limit {
            return Err(std::io::Error::other(format!(
                "it expands past {} bytes",
                self.limit
            )));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(raw: &[u8], chunk: usize) -> Vec<u8> {
        let stored = encode(Bytes::copy_from_slice(raw), Compression::Zstd).expect("encode");
        let mut decoder = Decoder::new(Vec::new());
        for part in stored.chunks(chunk.max(1)) {
            decoder.write(part).expect("write");
        }
        decoder.finish().expect("finish")
    }

    #[test]
    fn text_is_compressed_and_comes_back_whole() {
        let text = "def f(x):\n    return x + 1\n".repeat(500);
        let stored = encode(Bytes::from(text.clone()), Compression::Zstd).expect("encode");
        assert!(stored.starts_with(&MAGIC));
        assert!(
            stored.len() * 10 < text.len(),
            "{} of {}",
            stored.len(),
            text.len()
        );
        for chunk in [1, 3, 4, 1000, 1 << 20] {
            assert_eq!(round_trip(text.as_bytes(), chunk), text.as_bytes());
        }
    }

    #[test]
    fn what_does_not_shrink_rests_as_it_is_unless_it_looks_compressed() {
        assert_eq!(
            encode(Bytes::from_static(b"ab"), Compression::Zstd).expect("tiny"),
            &b"ab"[..]
        );
        assert_eq!(round_trip(b"ab", 1), b"ab");
        assert_eq!(round_trip(b"", 1), b"");
        // A file that is itself a zstd frame is wrapped, so the magic always means compressed.
        let inner = zstd::bulk::compress(&[7u8; 10_000], 19).expect("inner");
        let stored = encode(Bytes::from(inner.clone()), Compression::Zstd).expect("encode");
        assert_ne!(stored, inner);
        assert_eq!(round_trip(&inner, 5), inner);
        // A small object that expands far is cut off at the limit.
        let bomb = encode(Bytes::from(vec![0u8; 1 << 20]), Compression::Zstd).expect("encode");
        assert!(decode_all(&bomb, 1000).is_err());
        assert_eq!(decode_all(&bomb, 1 << 20).expect("fits").len(), 1 << 20);
    }

    #[test]
    fn without_compression_objects_rest_as_they_are_unless_they_look_compressed() {
        let text = "def f(x):\n    return x + 1\n".repeat(500);
        let stored = encode(Bytes::from(text.clone()), Compression::None).expect("encode");
        assert_eq!(stored, text.as_bytes());
        assert_eq!(
            decode_all(&stored, 1 << 20).expect("reads"),
            text.as_bytes()
        );
        // Split anywhere, the magic's first bytes included.
        for chunk in [1, 3, 5, 4096] {
            let mut decoder = Decoder::new(Vec::new());
            for part in stored.chunks(chunk) {
                decoder.write(part).expect("write");
            }
            assert_eq!(decoder.finish().expect("finish"), text.as_bytes());
        }
        // The magic still always means compressed.
        let inner = zstd::bulk::compress(&[7u8; 10_000], 19).expect("inner");
        let stored = encode(Bytes::from(inner.clone()), Compression::None).expect("encode");
        assert_ne!(stored, inner);
        assert_eq!(decode_all(&stored, 1 << 20).expect("reads"), inner);
    }
}
