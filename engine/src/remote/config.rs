//! Which remote a name means: `[remote.NAME]` tables in uvcache's user and project files (or
//! `[tool.uvcache.remote.NAME]` in a `pyproject.toml`), each key with the file that set it, or a
//! URL given directly. Credentials are never read from these files: they come from the
//! environment (`AWS_ACCESS_KEY_ID`, ...) or the store's own credential files.

use std::collections::BTreeMap;

use figment::value::Value;

use crate::config::{Config, Layer, Origin};
use crate::error::{Error, RemoteFailure, Result};

/// The keys a `[remote.NAME]` table may set.
pub const KEYS: [&str; 8] = [
    "url",
    "endpoint",
    "region",
    "allow-http",
    "trusted-keys",
    "trust-unsigned",
    "accept-refs",
    "compression",
];

/// How a push stores objects ([`crate::remote::codec`]); pulls read either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// zstd where that saves space: half the bytes of typical built wheels, for CPU.
    #[default]
    Zstd,
    /// As they are: for a store on the same machine or a fast local network, where the CPU,
    /// not the link, sets a push's pace.
    None,
}

impl Compression {
    /// The names the `compression` key takes.
    pub const NAMES: [&str; 2] = ["zstd", "none"];

    pub fn parse(name: &str) -> Option<Compression> {
        match name {
            "zstd" => Some(Compression::Zstd),
            "none" => Some(Compression::None),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd",
            Compression::None => "none",
        }
    }
}

/// Keys that would hold secrets: refused in files, with a pointer to the variables.
const SECRET_KEYS: [&str; 7] = [
    "access-key-id",
    "secret-access-key",
    "session-token",
    "password",
    "token",
    "signing-key",
    "secret-key",
];

/// A remote as configuration describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSpec {
    /// Its name (the URL itself when given directly).
    pub name: String,
    /// `s3://bucket/prefix`, `webdav+http(s)://host/path` or `file:///path`.
    pub url: String,
    /// An S3 endpoint other than AWS (`http://127.0.0.1:3900`).
    pub endpoint: Option<String>,
    /// The S3 region.
    pub region: Option<String>,
    /// Whether plain `http://` is allowed (default: only when the URL or endpoint says http).
    pub allow_http: Option<bool>,
    /// Public keys (`NAME:BASE64`) whose signatures a pull accepts.
    pub trusted_keys: Vec<String>,
    /// Pull what no trusted key signed (the explicit opt-out of signatures).
    pub trust_unsigned: Option<bool>,
    /// Refs (globs) whose signed pushes a pull accepts; empty: any.
    pub accept_refs: Vec<String>,
    /// How pushes store objects (default zstd).
    pub compression: Option<Compression>,
    /// Where each key came from.
    pub origins: BTreeMap<&'static str, Origin>,
}

/// The remote `reference` names: a configured name, else a URL with a scheme.
pub fn resolve(config: &Config, reference: &str) -> Result<RemoteSpec> {
    if let Some(spec) = configured(config)?.remove(reference) {
        return Ok(spec);
    }
    if reference.contains("://") {
        let origin = Origin {
            layer: Layer::Flag,
            file: None,
            detail: Some("argument".into()),
        };
        return Ok(RemoteSpec {
            origins: BTreeMap::from([("url", origin)]),
            ..RemoteSpec::named(&crate::text::safe_url(reference), reference)
        });
    }
    Err(Error::Remote {
        remote: reference.to_string(),
        reason: RemoteFailure::Unknown,
    })
}

/// Every remote uvcache's files name, each key from the highest file that sets it.
pub fn configured(config: &Config) -> Result<BTreeMap<String, RemoteSpec>> {
    let mut found: BTreeMap<String, RemoteSpec> = BTreeMap::new();
    for file in config.uvcache_files() {
        let (layer, path) = (&file.layer, &file.path);
        let table = file.table.get("remote");
        let Some(table) = table else { continue };
        let bad = |key: Option<String>, message: String| Error::ConfigValue {
            key,
            file: Some(path.clone()),
            message,
        };
        let Some(remotes) = table.as_dict() else {
            return Err(bad(
                Some("remote".into()),
                format!(
                    "`remote` in `{}` must be a table of remotes",
                    path.display()
                ),
            ));
        };
        for (reference, values) in remotes {
            let Some(values) = values.as_dict() else {
                return Err(bad(
                    Some(format!("remote.{reference}")),
                    format!(
                        "`remote.{reference}` in `{}` must be a table",
                        path.display()
                    ),
                ));
            };
            let spec = found
                .entry(reference.clone())
                .or_insert_with(|| RemoteSpec::named(reference, ""));
            let origin = Origin {
                layer: *layer,
                file: Some(path.clone()),
                detail: None,
            };
            for (key, value) in values {
                let known = set_key(spec, key, value, path)?;
                spec.origins.insert(known, origin.clone());
            }
        }
    }
    for (name, spec) in &found {
        if spec.url.is_empty() {
            return Err(Error::ConfigValue {
                key: Some(format!("remote.{name}.url")),
                file: spec.origins.values().next().and_then(|o| o.file.clone()),
                message: format!("remote `{name}` has no `url`"),
            });
        }
    }
    Ok(found)
}

impl RemoteSpec {
    /// A remote called `name` at `url`, with nothing else set.
    fn named(name: &str, url: &str) -> RemoteSpec {
        RemoteSpec {
            name: name.to_string(),
            url: url.to_string(),
            endpoint: None,
            region: None,
            allow_http: None,
            trusted_keys: Vec::new(),
            trust_unsigned: None,
            accept_refs: Vec::new(),
            compression: None,
            origins: BTreeMap::new(),
        }
    }
}

/// Sets one key of `[remote.NAME]` read from `path`; returns the key's static name.
fn set_key(
    spec: &mut RemoteSpec,
    key: &str,
    value: &Value,
    path: &std::path::Path,
) -> Result<&'static str> {
    let written = Written {
        full: format!("remote.{}.{key}", spec.name),
        path,
        value,
    };
    if SECRET_KEYS.contains(&key) {
        return Err(written.bad(format!(
            "`{key}` in `{}`: credentials and signing keys are not read from configuration \
             files; set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) or \
             UVCACHE_WEBDAV_USERNAME and UVCACHE_WEBDAV_PASSWORD in the environment, use \
             ~/.aws/credentials, and name a signing key's file with UVCACHE_SIGNING_KEY_FILE",
            path.display()
        )));
    }
    let Some(known) = KEYS.iter().copied().find(|k| *k == key) else {
        return Err(written.bad(format!(
            "unknown key `{key}` in `[remote.{}]` of `{}` (known: {})",
            spec.name,
            path.display(),
            KEYS.join(", ")
        )));
    };
    match known {
        "url" => spec.url = written.url()?,
        "endpoint" => spec.endpoint = Some(written.url()?),
        "region" => spec.region = Some(written.text()?),
        "trusted-keys" => spec.trusted_keys = written.public_keys()?,
        "accept-refs" => spec.accept_refs = written.list()?,
        "compression" => {
            let name = written.text()?;
            spec.compression = Some(Compression::parse(&name).ok_or_else(|| {
                written.bad(format!(
                    "`{}` in `{}` is `{name}`: expected one of {}",
                    written.full,
                    path.display(),
                    Compression::NAMES.join(", ")
                ))
            })?);
        }
        "trust-unsigned" => spec.trust_unsigned = Some(written.boolean()?),
        _ => spec.allow_http = Some(written.boolean()?),
    }
    Ok(known)
}

/// A value of `[remote.NAME]` as a file wrote it, read as the key wants it.
struct Written<'a> {
    /// `remote.NAME.KEY`.
    full: String,
    path: &'a std::path::Path,
    value: &'a Value,
}

impl Written<'_> {
    fn bad(&self, message: String) -> Error {
        Error::ConfigValue {
            key: Some(self.full.clone()),
            file: Some(self.path.to_path_buf()),
            message,
        }
    }

    fn wrong_type(&self, expected: &str) -> Error {
        let (full, file) = (&self.full, self.path.display());
        self.bad(format!("`{full}` in `{file}` must be {expected}"))
    }

    fn text(&self) -> Result<String> {
        let text = self.value.as_str().map(str::to_string);
        text.ok_or_else(|| self.wrong_type("a string"))
    }

    /// A URL without credentials in it: those belong in the environment (never quoted).
    fn url(&self) -> Result<String> {
        let url = self.text()?;
        if crate::text::safe_url(&url) != url {
            let (full, file) = (&self.full, self.path.display());
            return Err(self.bad(format!(
                "`{full}` in `{file}` holds credentials, which are not read from configuration \
                 files; set UVCACHE_WEBDAV_USERNAME and UVCACHE_WEBDAV_PASSWORD (or the AWS \
                 variables) in the environment"
            )));
        }
        Ok(url)
    }

    fn boolean(&self) -> Result<bool> {
        self.value
            .to_bool()
            .ok_or_else(|| self.wrong_type("true or false"))
    }

    fn list(&self) -> Result<Vec<String>> {
        let Value::Array(_, items) = self.value else {
            return Err(self.wrong_type("a list of strings"));
        };
        items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| self.wrong_type("a list of strings"))
    }

    /// Public keys, none shaped like a secret (never quoted); each parsed where remotes are
    /// built in (a build without them only lists the keys).
    fn public_keys(&self) -> Result<Vec<String>> {
        let keys = self.list()?;
        if keys.iter().any(|k| crate::config::secret::secret_shaped(k)) {
            let file = self.path.display().to_string();
            return Err(crate::config::secret_where_public(&self.full, &file));
        }
        #[cfg(feature = "remote")]
        for (i, key) in keys.iter().enumerate() {
            crate::remote::trust::PublicKey::parse(key).map_err(|m| {
                let name = crate::config::secret::key_name(key)
                    .map_or_else(|| format!("key {}", i + 1), |n| format!("key `{n}`"));
                self.bad(format!(
                    "`{}` in `{}`: {name} is not a public key: {m}",
                    self.full,
                    self.path.display()
                ))
            })?;
        }
        Ok(keys)
    }
}
