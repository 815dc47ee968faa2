//! The HTTP side of fetching: a client built only when a request is needed, the response head
//! the RFC 9111 policy reads, a hashing writer for bodies streamed to disk, and wheel unpacking.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::config::environment::Environment;
use crate::error::{Error, FetchFailure, Result, UnpackFailure};

pub(crate) fn response_head(response: &reqwest::Response) -> http::Response<()> {
    let mut head = http::Response::new(());
    *head.status_mut() = response.status();
    *head.headers_mut() = response.headers().clone();
    head
}

/// Whether a response's `Cache-Control` has a directive (`immutable`).
pub(crate) fn has_directive(headers: &http::HeaderMap, directive: &str) -> bool {
    headers
        .get_all(http::header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|d| d.trim().eq_ignore_ascii_case(directive))
}

/// The HTTP client and the runtime it runs on, made only when a request is needed (a warm hit
/// builds neither).
pub(crate) struct Client {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
}

impl Client {
    pub(crate) fn new(env: &Environment) -> Result<Client> {
        let timeout = env
            .seconds_var("UV_HTTP_TIMEOUT")?
            .unwrap_or(Duration::from_secs(30));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("tokio runtime", e))?;
        let client = reqwest::Client::builder()
            .connect_timeout(timeout)
            .read_timeout(timeout)
            .user_agent(concat!("uvcache/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Fetch {
                url: String::new(),
                reason: FetchFailure::Client {
                    detail: e.to_string(),
                },
            })?;
        Ok(Client { runtime, client })
    }

    /// Runs `future`, checking `interrupted` every 100 ms while it waits: a request stopped
    /// by ctrl-c is dropped (its staging folder with it) and the answer is
    /// [`Error::Interrupted`].
    pub(crate) fn run_interruptible<T>(
        &self,
        interrupted: &dyn Fn() -> bool,
        future: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.runtime.block_on(async {
            let mut future = std::pin::pin!(future);
            loop {
                match tokio::time::timeout(Duration::from_millis(100), &mut future).await {
                    Ok(done) => return done,
                    Err(_) if interrupted() => return Err(Error::Interrupted),
                    Err(_) => {}
                }
            }
        })
    }

    pub(crate) async fn get(
        &self,
        url: &reqwest::Url,
        headers: http::HeaderMap,
    ) -> reqwest::Result<reqwest::Response> {
        self.client.get(url.clone()).headers(headers).send().await
    }
}

/// A writer that hashes what passes through.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
        }
    }

    pub(crate) fn finish(self) -> String {
        crate::text::hex(&self.hasher.finalize())
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Unpacks a wheel into `dest`, refusing members that would land outside it.
pub(crate) fn unzip(wheel: &Path, dest: &Path) -> std::result::Result<(), UnpackFailure> {
    let not_zip = |e: zip::result::ZipError| UnpackFailure::NotAZip {
        detail: e.to_string(),
    };
    let file = std::fs::File::open(wheel).map_err(UnpackFailure::io(wheel))?;
    let mut archive = zip::ZipArchive::new(file).map_err(not_zip)?;
    std::fs::create_dir_all(dest).map_err(UnpackFailure::io(dest))?;
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).map_err(not_zip)?;
        let Some(relative) = member.enclosed_name() else {
            return Err(UnpackFailure::Outside {
                member: member.name_raw().escape_ascii().to_string(),
            });
        };
        let path = dest.join(relative);
        if member.is_dir() {
            std::fs::create_dir_all(&path).map_err(UnpackFailure::io(&path))?;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(UnpackFailure::io(parent))?;
        }
        let mut out = std::fs::File::create(&path).map_err(UnpackFailure::io(&path))?;
        std::io::copy(&mut member, &mut out).map_err(|source| UnpackFailure::Writing {
            path: path.clone(),
            source,
        })?;
        if let Some(mode) = member.unix_mode()
            && mode & 0o111 != 0
        {
            crate::os::perm::make_executable(&path).map_err(UnpackFailure::io(&path))?;
        }
    }
    Ok(())
}
