//! A fetch's exchange with the server: a stored response that is fresh answers at once; a stale
//! one is revalidated with its validators; anything else downloads the body to a staging
//! directory, hashing it, and the response's caching headers decide what is stored.

use std::io::Write;
use std::time::SystemTime;

use http_cache_semantics::{AfterResponse, BeforeRequest, CacheOptions, CachePolicy};

use super::{Entry, FetchOptions, FetchStatus, Fetched, Pointer, Stored};
use crate::config::environment::Environment;
use crate::error::{Error, FetchFailure, Result};
use crate::store::http::{Client, HashingWriter, has_directive, response_head};
use crate::store::{self};

impl Entry<'_> {
    /// Fetches `url` for this entry, given what the store holds of it.
    pub(super) fn http(
        &self,
        env: &Environment,
        url: reqwest::Url,
        stored: Option<Stored>,
        options: &FetchOptions,
    ) -> Result<Fetched> {
        if options.offline {
            return match &stored {
                Some(stored) => Ok(self.result(stored, FetchStatus::Hit)),
                None => Err(self.error(FetchFailure::Offline)),
            };
        }
        let mut request = http::Request::get(url.as_str()).body(()).map_err(|e| {
            self.error(FetchFailure::InvalidRequest {
                detail: e.to_string(),
            })
        })?;
        let immutable = stored.as_ref().is_some_and(|s| s.pointer.immutable);
        if options.refresh && !immutable {
            request.headers_mut().insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-cache"),
            );
        }
        // The headers to send: none (nothing usable stored), or the revalidation request.
        let mut conditional = None;
        if let Some(stored) = &stored
            && let Some(policy) = &stored.pointer.policy
        {
            match policy.before_request(&request, SystemTime::now()) {
                BeforeRequest::Fresh(_) => return Ok(self.result(stored, FetchStatus::Hit)),
                BeforeRequest::Stale {
                    request: parts,
                    matches: true,
                } => conditional = Some(parts.headers),
                BeforeRequest::Stale { matches: false, .. } => {}
            }
        }
        let client = Client::new(env)?;
        let interrupted = || options.interrupt.is_set();
        let exchange = self.exchange(&client, &url, &request, conditional, stored.as_ref());
        let outcome = client.run_interruptible(&interrupted, exchange)?;
        self.settle(&request, outcome, stored)
    }

    /// Asks the server: with the stored validators when `conditional`, again for the whole body
    /// when a 304 does not match what is stored.
    async fn exchange(
        &self,
        client: &Client,
        url: &reqwest::Url,
        request: &http::Request<()>,
        conditional: Option<http::HeaderMap>,
        stored: Option<&Stored>,
    ) -> Result<Revalidation> {
        let mut response = client
            .get(url, conditional.clone().unwrap_or_default())
            .await
            .map_err(|e| self.network_error(&e))?;
        if response.status() == http::StatusCode::NOT_MODIFIED
            && conditional.is_some()
            && let Some(stored) = stored
            && let Some(policy) = &stored.pointer.policy
        {
            let head = with_stored_validators(response_head(&response), &stored.pointer);
            match policy.after_response(request, &head, SystemTime::now()) {
                AfterResponse::NotModified(policy, parts) => {
                    let immutable = has_directive(&parts.headers, "immutable");
                    return Ok(Revalidation::NotModified(Box::new(policy), immutable));
                }
                // A 304 whose validators are not the stored ones: ask for the whole body.
                AfterResponse::Modified(..) => {
                    response = client
                        .get(url, http::HeaderMap::new())
                        .await
                        .map_err(|e| self.network_error(&e))?;
                }
            }
        }
        let status = response.status();
        if status == http::StatusCode::NOT_MODIFIED {
            return Err(self.error(FetchFailure::UnaskedNotModified));
        }
        if !status.is_success() {
            return Err(self.error(FetchFailure::Status {
                status: status.to_string(),
            }));
        }
        let head = response_head(&response);
        let body = self.download(&mut response).await?;
        Ok(Revalidation::Modified(head, body))
    }

    /// What the exchange gave, stored: a renewed policy for the stored bytes, or the new body
    /// with its policy (a response that may not be stored gets no pointer).
    fn settle(
        &self,
        request: &http::Request<()>,
        outcome: Revalidation,
        stored: Option<Stored>,
    ) -> Result<Fetched> {
        match (outcome, stored) {
            (Revalidation::NotModified(policy, immutable), Some(mut stored)) => {
                stored.pointer.policy = Some(*policy);
                stored.pointer.immutable = immutable;
                store::write_atomic(
                    &self.pointer_path(),
                    &serde_json::to_vec(&stored.pointer)
                        .map_err(|e| self.error(FetchFailure::Pointer(e)))?,
                )?;
                Ok(self.result(&stored, FetchStatus::Revalidated))
            }
            (Revalidation::Modified(head, body), stored) => {
                let options = CacheOptions {
                    shared: false,
                    ..CacheOptions::default()
                };
                let policy = CachePolicy::new_options(request, &head, SystemTime::now(), options);
                let storable = policy.is_storable();
                let validators = VALIDATORS
                    .iter()
                    .filter_map(|h| {
                        let value = head.headers().get(h)?.to_str().ok()?;
                        Some((h.as_str().to_string(), value.to_string()))
                    })
                    .collect();
                let (staging, sha256, bytes) = body;
                let pointer = Pointer {
                    policy: Some(policy),
                    immutable: has_directive(head.headers(), "immutable"),
                    validators,
                    ..self.pointer(sha256, bytes)
                };
                let committed = self.commit(staging, pointer, storable)?;
                let mut result = self.result(&committed, FetchStatus::downloaded(stored.is_some()));
                if !storable {
                    result.fresh_until = None;
                    result.stored = false;
                }
                Ok(result)
            }
            (Revalidation::NotModified(..), None) => {
                Err(self.error(FetchFailure::NothingToRevalidate))
            }
        }
    }

    /// Streams the body into a staging directory, hashing it and checking its length.
    async fn download(&self, response: &mut reqwest::Response) -> Result<Staged> {
        let expected = response.content_length();
        let (staging, target, mut file) = self.staging()?;
        let mut writer = HashingWriter::new(&mut file);
        let mut bytes = 0u64;
        while let Some(chunk) = response.chunk().await.map_err(|e| self.network_error(&e))? {
            writer
                .write_all(&chunk)
                .map_err(|e| Error::io(&target, e))?;
            bytes += chunk.len() as u64;
        }
        let sha256 = writer.finish();
        if let Some(expected) = expected
            && expected != bytes
        {
            return Err(self.error(FetchFailure::ShortBody { bytes, expected }));
        }
        file.sync_data().map_err(|e| Error::io(&target, e))?;
        Ok((staging, sha256, bytes))
    }
}

/// A 304 with no validators answers the request made from the stored ones (Python's
/// http.server sends such 304s): it gets those, to match.
fn with_stored_validators(mut head: http::Response<()>, pointer: &Pointer) -> http::Response<()> {
    if !VALIDATORS.iter().any(|h| head.headers().contains_key(h)) {
        for (name, value) in &pointer.validators {
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                head.headers_mut().insert(name, value);
            }
        }
    }
    head
}

/// What the exchange with the server gave: a renewed policy for the stored bytes, or a new
/// response head and its staged body.
enum Revalidation {
    NotModified(Box<CachePolicy>, bool),
    Modified(http::Response<()>, Staged),
}

/// A staged body: its directory, sha256 and length.
type Staged = (tempfile::TempDir, String, u64);

/// The response validators a revalidation sends back (`If-None-Match`, `If-Modified-Since`).
const VALIDATORS: [http::HeaderName; 2] = [http::header::ETAG, http::header::LAST_MODIFIED];
