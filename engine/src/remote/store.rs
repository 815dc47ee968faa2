//! An opened remote: the `object_store` client for its URL, with credentials from the caller's
//! environment, and the few operations uvcache needs (list, head, get, put, delete), blocking
//! on a private runtime so that the engine's callers stay synchronous.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};

use crate::config::environment::Environment;
use crate::error::{Error, RemoteFailure, Result};
use crate::remote::config::RemoteSpec;

/// Requests in flight at once.
pub const CONCURRENCY: usize = 16;

/// An object as a listing shows it.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Its name below the remote's prefix and [`crate::remote::ROOT`] (`objects/<sha256>`).
    pub name: String,
    /// Its size.
    pub size: u64,
    /// When the store last wrote it.
    pub modified: SystemTime,
}

/// The object a push writes so that reads can tell a remote from a mistyped URL.
pub const MARKER: &str = "remote";

/// An opened remote.
pub struct Remote {
    /// What configuration said.
    pub spec: RemoteSpec,
    store: Arc<dyn ObjectStore>,
    prefix: String,
    runtime: tokio::runtime::Runtime,
    /// Polled before each object moves: ctrl-c stops a push or pull after the objects in
    /// flight ([`Remote::interrupted`]).
    interrupt: Option<Arc<dyn Fn() -> bool + Send + Sync>>,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("url", &crate::text::safe_url(&self.spec.url))
            .finish()
    }
}

impl Remote {
    /// Opens the remote `spec` describes, with credentials from `env` (never printed).
    /// Opens a remote to read it: nothing is created, and a `file://` folder that does not
    /// exist is an error.
    pub fn open(spec: RemoteSpec, env: &Environment) -> Result<Remote> {
        Remote::open_with(spec, env, false)
    }

    /// Opens a remote to push to it, creating a `file://` folder that does not exist yet.
    pub fn open_to_write(spec: RemoteSpec, env: &Environment) -> Result<Remote> {
        Remote::open_with(spec, env, true)
    }

    fn open_with(spec: RemoteSpec, env: &Environment, create: bool) -> Result<Remote> {
        let fail = |reason| spec.error(reason);
        let (scheme, rest) = spec.url.split_once("://").ok_or_else(|| {
            fail(RemoteFailure::NotAUrl {
                url: spec.url.clone(),
            })
        })?;
        let (store, prefix): (Arc<dyn ObjectStore>, String) = match scheme {
            "s3" => open_s3(&spec, env, rest)?,
            "webdav+http" | "webdav+https" => open_webdav(&spec, env, scheme, rest)?,
            "file" => open_folder(&spec, rest, create)?,
            other => {
                return Err(fail(RemoteFailure::Scheme {
                    scheme: other.to_string(),
                }));
            }
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| fail(RemoteFailure::Runtime(e)))?;
        Ok(Remote {
            spec,
            store,
            prefix,
            runtime,
            interrupt: None,
        })
    }

    /// Fails unless something was pushed here: the marker every push writes, or (for remotes
    /// pushed to before the marker) a manifest. A mistyped URL would read as an empty remote.
    pub fn check_exists(&self) -> Result<()> {
        if self.block_on(self.get(MARKER)).is_ok() || !self.list("manifests")?.is_empty() {
            return Ok(());
        }
        Err(self.spec.error(RemoteFailure::NeverPushed {
            url: self.spec.url.clone(),
            marker: format!("{}/{MARKER}", crate::remote::ROOT),
        }))
    }

    /// Writes the marker that says a remote is here ([`Remote::check_exists`]).
    pub fn mark(&self) -> Result<()> {
        self.block_on(self.put(MARKER, Bytes::from_static(b"uvcache remote\n")))
    }

    /// The remote's name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    fn path(&self, name: &str) -> ObjectPath {
        let full = if self.prefix.is_empty() {
            format!("{}/{name}", super::ROOT)
        } else {
            format!("{}/{}/{name}", self.prefix, super::ROOT)
        };
        ObjectPath::from(full)
    }

    fn error(&self, action: &'static str, object: impl ToString, e: object_store::Error) -> Error {
        self.spec.error(RemoteFailure::Store {
            action,
            object: object.to_string(),
            detail: e.to_string(),
        })
    }

    /// Polls `check` for ctrl-c from now on.
    pub fn set_interrupt(&mut self, check: Arc<dyn Fn() -> bool + Send + Sync>) {
        self.interrupt = Some(check);
    }

    /// Whether ctrl-c was pressed: no further object is sent or received.
    pub fn interrupted(&self) -> bool {
        self.interrupt.as_ref().is_some_and(|check| check())
    }

    /// Reads one object, waiting for it (for callers outside the runtime).
    pub fn read_object(&self, name: &str) -> Result<Bytes> {
        self.block_on(self.get(name))
    }

    /// Writes one object, waiting for it (for callers outside the runtime).
    pub fn write_object(&self, name: &str, bytes: Bytes) -> Result<()> {
        self.block_on(self.put(name, bytes))
    }

    /// Runs a future to completion on the remote's runtime.
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Runs transfers `CONCURRENCY` at a time; each returns the bytes it moved, which are added
    /// to `traffic`. Returns the key and error of each transfer that failed.
    pub(crate) fn run_all<K, F>(
        &self,
        transfers: impl Iterator<Item = (K, F)>,
        traffic: &mut super::Traffic,
    ) -> Vec<(K, Error)>
    where
        F: Future<Output = Result<u64>>,
    {
        let results: Vec<(K, Result<u64>)> = self.block_on(
            futures_util::stream::iter(transfers.map(|(key, f)| async move { (key, f.await) }))
                .buffer_unordered(CONCURRENCY)
                .collect(),
        );
        let mut failed = Vec::new();
        for (key, result) in results {
            match result {
                Ok(bytes) => {
                    traffic.objects += 1;
                    traffic.bytes += bytes;
                }
                Err(e) => failed.push((key, e)),
            }
        }
        failed
    }

    /// Every object whose name starts with `dir/` (one level: manifests and objects are flat).
    pub fn list(&self, dir: &str) -> Result<Vec<Listed>> {
        let path = self.path(dir);
        let base = format!("{}/", path.as_ref());
        let result = self.block_on(self.store.list_with_delimiter(Some(&path)));
        let listing = match result {
            Ok(listing) => listing,
            // A remote nobody pushed to yet has no folder (WebDAV answers 404).
            Err(object_store::Error::NotFound { .. }) => return Ok(Vec::new()),
            Err(e) => return Err(self.error("listing", dir, e)),
        };
        Ok(listing
            .objects
            .into_iter()
            .filter_map(|o| {
                let name = o.location.as_ref().strip_prefix(&base)?.to_string();
                Some(Listed {
                    name: format!("{dir}/{name}"),
                    size: o.size,
                    modified: o.last_modified.into(),
                })
            })
            .collect())
    }

    /// Writes one object.
    pub async fn put(&self, name: &str, bytes: Bytes) -> Result<()> {
        self.store
            .put(&self.path(name), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(|e| self.error("writing", name, e))
    }

    /// Reads one object whole.
    pub async fn get(&self, name: &str) -> Result<Bytes> {
        let result = self
            .store
            .get(&self.path(name))
            .await
            .map_err(|e| self.error("reading", name, e))?;
        result
            .bytes()
            .await
            .map_err(|e| self.error("reading", name, e))
    }

    /// Reads one object as a stream of chunks, as they arrive.
    pub async fn get_stream(
        &self,
        name: &str,
    ) -> Result<impl futures_util::Stream<Item = Result<Bytes>> + Unpin + use<'_>> {
        let result = self
            .store
            .get(&self.path(name))
            .await
            .map_err(|e| self.error("reading", name, e))?;
        let name = name.to_string();
        Ok(result
            .into_stream()
            .map_err(move |e| self.error("reading", &name, e)))
    }

    /// Deletes objects, `CONCURRENCY` at a time; a missing one counts as deleted.
    pub fn delete_all(&self, names: &[String]) -> Vec<Result<()>> {
        self.block_on(
            futures_util::stream::iter(names.iter().map(|name| async move {
                match self.store.delete(&self.path(name)).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(self.error("deleting", name, e)),
                }
            }))
            .buffered(CONCURRENCY)
            .collect(),
        )
    }
}

/// S3 credentials and settings from the caller's environment, else from the profile in
/// `~/.aws/credentials` (`AWS_PROFILE`, default `default`), as the AWS tools read them.
fn s3_credentials(env: &Environment) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (var, key) in [
        ("AWS_ACCESS_KEY_ID", "aws_access_key_id"),
        ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"),
        ("AWS_SESSION_TOKEN", "aws_session_token"),
    ] {
        if let Some(value) = env.var(var) {
            out.push((key, value.to_string()));
        }
    }
    if out.is_empty() {
        let file = env
            .var("AWS_SHARED_CREDENTIALS_FILE")
            .map(std::path::PathBuf::from)
            .or_else(|| env.home_dir().map(|h| h.join(".aws").join("credentials")));
        let profile = env.var("AWS_PROFILE").unwrap_or("default");
        if let Some(text) = file.and_then(|f| std::fs::read_to_string(f).ok()) {
            out = profile_credentials(&text, profile);
        }
    }
    out
}

/// HTTP Basic credentials for a WebDAV server, from `UVCACHE_WEBDAV_USERNAME` and
/// `UVCACHE_WEBDAV_PASSWORD` (the environment only, as every credential).
fn webdav_authorization(env: &Environment) -> Option<String> {
    let user = env.var("UVCACHE_WEBDAV_USERNAME")?;
    let password = env.var("UVCACHE_WEBDAV_PASSWORD").unwrap_or("");
    Some(format!(
        "Basic {}",
        base64(format!("{user}:{password}").as_bytes())
    ))
}

/// Standard base64 with padding (RFC 4648), for one header.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The keys of one `[profile]` section of an AWS credentials file.
fn profile_credentials(text: &str, profile: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = section.trim() == profile;
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| inside) else {
            continue;
        };
        let key = match key.trim() {
            "aws_access_key_id" => "aws_access_key_id",
            "aws_secret_access_key" => "aws_secret_access_key",
            "aws_session_token" => "aws_session_token",
            _ => continue,
        };
        out.push((key, value.trim().to_string()));
    }
    out
}

/// An opened object store and the prefix of the remote in it.
type Opened = (Arc<dyn ObjectStore>, String);

impl RemoteSpec {
    pub(crate) fn error(&self, reason: RemoteFailure) -> Error {
        Error::Remote {
            remote: self.name.clone(),
            reason,
        }
    }
}

/// Give up on a dead server in seconds, not object_store's default of minutes: a CI step should
/// fail and say why.
fn retry() -> RetryConfig {
    RetryConfig {
        max_retries: 3,
        retry_timeout: Duration::from_secs(20),
        ..RetryConfig::default()
    }
}

fn client(allow_http: bool) -> ClientOptions {
    ClientOptions::new()
        .with_allow_http(allow_http)
        .with_connect_timeout(Duration::from_secs(5))
        .with_timeout(Duration::from_secs(300))
}

/// `s3://BUCKET/PREFIX`, with the endpoint and region of the remote's table or the AWS
/// variables, and credentials from the environment.
fn open_s3(spec: &RemoteSpec, env: &Environment, rest: &str) -> Result<Opened> {
    let fail = |detail: &dyn std::fmt::Display| {
        spec.error(RemoteFailure::Open {
            detail: detail.to_string(),
        })
    };
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(spec.error(RemoteFailure::NoBucket));
    }
    let mut builder = object_store::aws::AmazonS3Builder::new()
        .with_bucket_name(bucket)
        .with_retry(retry());
    for (key, value) in &s3_credentials(env) {
        let key = key.parse().map_err(|e| fail(&e))?;
        builder = builder.with_config(key, value.clone());
    }
    let endpoint = spec
        .endpoint
        .clone()
        .or_else(|| env.var("AWS_ENDPOINT_URL").map(str::to_string));
    if let Some(endpoint) = &endpoint {
        // Path-style requests: what self-hosted stores (Garage, MinIO) answer.
        builder = builder
            .with_endpoint(endpoint.clone())
            .with_virtual_hosted_style_request(false);
    }
    let region = spec
        .region
        .clone()
        .or_else(|| env.var("AWS_REGION").map(str::to_string))
        .or_else(|| env.var("AWS_DEFAULT_REGION").map(str::to_string));
    if let Some(region) = region {
        builder = builder.with_region(region);
    }
    let http = endpoint
        .as_deref()
        .is_some_and(|e| e.starts_with("http://"));
    builder = builder.with_client_options(client(spec.allow_http.unwrap_or(http)));
    let store = builder.build().map_err(|e| fail(&e))?;
    Ok((Arc::new(store), prefix.trim_matches('/').to_string()))
}

/// `webdav+http(s)://HOST/PATH`. object_store's HTTP store names listed objects by their whole
/// URL path, so the store is opened at the server's root and the path becomes the prefix.
fn open_webdav(spec: &RemoteSpec, env: &Environment, scheme: &str, rest: &str) -> Result<Opened> {
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let base = format!("{}://{host}/", &scheme["webdav+".len()..]);
    let http = scheme == "webdav+http";
    let mut options = client(spec.allow_http.unwrap_or(http));
    if let Some(header) = webdav_authorization(env) {
        let mut headers = object_store::HeaderMap::new();
        let mut value = object_store::HeaderValue::from_str(&header)
            .map_err(|_| spec.error(RemoteFailure::Credentials))?;
        value.set_sensitive(true);
        headers.insert(http::header::AUTHORIZATION, value);
        options = options.with_default_headers(headers);
    }
    let store = object_store::http::HttpBuilder::new()
        .with_url(base)
        .with_retry(retry())
        .with_client_options(options)
        .build()
        .map_err(|e| {
            spec.error(RemoteFailure::Open {
                detail: e.to_string(),
            })
        })?;
    Ok((Arc::new(store), path.trim_matches('/').to_string()))
}

/// `file:///PATH`: a folder, made when pushing to it.
fn open_folder(spec: &RemoteSpec, rest: &str, create: bool) -> Result<Opened> {
    let path = std::path::PathBuf::from(rest);
    if !path.is_absolute() {
        return Err(spec.error(RemoteFailure::RelativeFolder));
    }
    if create {
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
    } else if !path.is_dir() {
        return Err(spec.error(RemoteFailure::NoFolder {
            url: spec.url.clone(),
            folder: path,
        }));
    }
    let store = object_store::local::LocalFileSystem::new_with_prefix(&path).map_err(|e| {
        spec.error(RemoteFailure::Open {
            detail: e.to_string(),
        })
    })?;
    Ok((Arc::new(store), String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64_as_rfc_4648_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        let env = Environment::new("/")
            .with_var("UVCACHE_WEBDAV_USERNAME", "Aladdin")
            .with_var("UVCACHE_WEBDAV_PASSWORD", "open sesame");
        assert_eq!(
            webdav_authorization(&env).as_deref(),
            Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
    }

    #[test]
    fn a_profile_is_read_from_its_section_only() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key=B\n\n[ci]\n\
                    aws_access_key_id = C\naws_secret_access_key = D\nregion = x\n";
        assert_eq!(
            profile_credentials(text, "ci"),
            vec![
                ("aws_access_key_id", "C".to_string()),
                ("aws_secret_access_key", "D".to_string())
            ]
        );
        assert_eq!(profile_credentials(text, "default")[0].1, "A");
        assert!(profile_credentials(text, "none").is_empty());
    }
}
