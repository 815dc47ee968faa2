//! One object of a pull, downloaded into the stage: decoded, hashed and written on the
//! runtime's blocking threads, so that the one thread driving the transfers only moves bytes
//! off the network (decoding and creating files on it made S3 pulls half as slow again).
//!
//! The chunks of an object are gathered up to [`BATCH`] and handed over together: most objects
//! are smaller, and take a single trip to a blocking thread, file creation included.
//!
//! A pull keeps [`IN_FLIGHT`] downloads going, more than other transfers: a download mostly
//! waits on the server. Garage, for one, does not turn off Nagle's algorithm, so an object
//! smaller than a TCP segment waits for the client's delayed ACK (40 ms on Linux) before its
//! body leaves; with 16 in flight a pull of compressed objects took twice as long as with 64.
//! The CPU work is bounded separately ([`Writers`]): 64 decoders at once on 2 cores cost more
//! CPU than they saved, where the server was fast.

use std::io::Write;
use std::path::PathBuf;

use bytes::Bytes;
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};

use crate::error::{Error, Refusal, RemoteFailure, Result};
use crate::progress::Progress;
use crate::remote::codec::Decoder;
use crate::remote::store::Remote;

/// How many received bytes are handed to a blocking thread at a time.
const BATCH: usize = 1 << 20;

/// Downloads in flight at once. Each holds at most [`BATCH`] bytes while it waits for a writer.
pub(super) const IN_FLIGHT: usize = 64;

/// Bounds the downloads decoding and writing at once to twice the cores, since this work is
/// CPU (zstd, SHA-256) and file creation.
pub(super) struct Writers(tokio::sync::Semaphore);

impl Writers {
    pub fn new() -> Writers {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Writers(tokio::sync::Semaphore::new(2 * cores))
    }
}

/// One file to download into the stage.
#[derive(Clone)]
pub(super) struct Job {
    /// The entry's index in the pull.
    pub index: usize,
    /// Where in the stage.
    pub path: PathBuf,
    pub hash: String,
    pub size: u64,
    pub executable: bool,
    /// The entry's path, for errors.
    pub entry: String,
}

/// Downloads one object into the stage, checking its size and hash (a mismatch leaves
/// nothing), with the pusher's mode; its modification time is the pull's (no pusher's time is
/// restored: none is signed). Returns the bytes received.
pub(super) async fn download(
    remote: &Remote,
    job: &Job,
    writers: &Writers,
    progress: &dyn Progress,
) -> Result<u64> {
    if remote.interrupted() {
        return Err(Error::Interrupted);
    }
    let mut sink = Sink {
        job: job.clone(),
        decoder: None,
        done: false,
    };
    let mut stream = remote.get_stream(&sink.object()).await?;
    let mut batch: Vec<Bytes> = Vec::new();
    let mut batched = 0usize;
    let mut received = 0u64;
    while let Some(chunk) = stream.try_next().await? {
        received += chunk.len() as u64;
        batched += chunk.len();
        batch.push(chunk);
        if batched >= BATCH {
            let chunks = std::mem::take(&mut batch);
            batched = 0;
            let (back, written) = blocking(remote, writers, &job.path, move || {
                let written = sink.feed(&chunks);
                (sink, written)
            })
            .await?;
            sink = back;
            progress.transferred(written?);
        }
    }
    let written = blocking(remote, writers, &job.path, move || {
        let written = sink.feed(&batch)?;
        sink.finish()?;
        Ok::<u64, Error>(written)
    })
    .await??;
    progress.transferred(written);
    Ok(received)
}

/// Runs `work`, the writing of the file at `path`, on a blocking thread once a writer is free.
async fn blocking<T: Send + 'static>(
    remote: &Remote,
    writers: &Writers,
    path: &std::path::Path,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    let failed = |e: &dyn std::fmt::Display| Error::Remote {
        remote: remote.name().to_string(),
        reason: RemoteFailure::Worker {
            action: "writing",
            path: path.display().to_string(),
            detail: e.to_string(),
        },
    };
    let _writer = writers.0.acquire().await.map_err(|e| failed(&e))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| failed(&e))
}

/// The staged file of one object, as it is written. Removed when dropped unfinished, so that
/// a failed or cancelled download leaves nothing.
struct Sink {
    job: Job,
    /// Created with the first bytes.
    decoder: Option<Decoder<Checked>>,
    done: bool,
}

impl Sink {
    fn object(&self) -> String {
        format!("objects/{}", self.job.hash)
    }

    fn integrity(&self, reason: Refusal) -> Error {
        Error::Integrity {
            object: self.object(),
            entry: self.job.entry.clone(),
            reason: Box::new(reason),
        }
    }

    fn decoder(&mut self) -> Result<&mut Decoder<Checked>> {
        if self.decoder.is_none() {
            if let Some(dir) = self.job.path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            let file =
                std::fs::File::create(&self.job.path).map_err(|e| Error::io(&self.job.path, e))?;
            self.decoder = Some(Decoder::new(Checked {
                file,
                hasher: Sha256::new(),
                written: 0,
                limit: self.job.size,
            }));
        }
        Ok(self.decoder.as_mut().expect("created above"))
    }

    /// Decodes and writes `chunks`; returns the file's bytes written.
    fn feed(&mut self, chunks: &[Bytes]) -> Result<u64> {
        let decoder = self.decoder()?;
        let before = decoder.output().map_or(0, |c| c.written);
        let mut result = Ok(());
        for chunk in chunks {
            result = decoder.write(chunk);
            if result.is_err() {
                break;
            }
        }
        let after = decoder.output().map_or(0, |c| c.written);
        result.map_err(|e| self.integrity(Refusal::Undecodable(e)))?;
        Ok(after - before)
    }

    /// Checks the whole file, then gives it the pusher's modification time and mode.
    fn finish(mut self) -> Result<()> {
        self.decoder()?;
        let decoder = self.decoder.take().expect("created above");
        let written = decoder
            .finish()
            .map_err(|e| self.integrity(Refusal::Undecodable(e)))?;
        if written.written != self.job.size {
            return Err(self.integrity(Refusal::WrongSize {
                written: written.written,
                said: self.job.size,
            }));
        }
        let got = crate::text::hex(&written.hasher.finalize());
        if got != self.job.hash {
            return Err(self.integrity(Refusal::WrongHash(got)));
        }
        if self.job.executable {
            let _ = crate::os::perm::make_executable(&self.job.path);
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if !self.done {
            self.decoder = None;
            let _ = std::fs::remove_file(&self.job.path);
        }
    }
}

/// A staged file as it is written: hashed, counted, and cut off past the manifest's size (a
/// compressed object that expands beyond it is refused before it fills the disk).
struct Checked {
    file: std::fs::File,
    hasher: Sha256,
    written: u64,
    limit: u64,
}

impl Write for Checked {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written + buf.len() as u64 > self.limit {
            return Err(std::io::Error::other(format!(
                "more bytes than the manifest's {}",
                self.limit
            )));
        }
        self.file.write_all(buf)?;
        self.hasher.update(buf);
        self.written += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}
