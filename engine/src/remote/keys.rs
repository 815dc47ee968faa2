//! The keys a transfer uses, gathered from where they are written: the public keys whose
//! signatures count, and the secret key a push signs with. Errors name where a key was written
//! and never quote a value shaped like a secret key.

use crate::config::Config;
use crate::config::secret::{key_name, secret_in_path, secret_shaped};
use crate::config::{secret_where_file, secret_where_public};
use crate::error::Error;
use crate::remote::RemoteSpec;
use crate::remote::trust::{PublicKey, SecretKey, Trust};

/// The flag that adds trusted keys on the command line.
pub const TRUSTED_KEY_FLAG: &str = "--trusted-key";

/// A trusted key that cannot be used, and whether `--trusted-key` gave it.
#[derive(Debug)]
pub struct BadKey {
    pub error: Error,
    pub from_flag: bool,
}

/// Whose signatures count for `spec`: the keys of every layer (uvcache's files, the remote's
/// table, UVCACHE_TRUSTED_KEYS) and of `--trusted-key` (`flag_keys`), each checked.
pub fn trust(
    config: &Config,
    spec: &RemoteSpec,
    flag_keys: &[String],
    trust_unsigned: bool,
) -> Result<Trust, BadKey> {
    // Each key with where it was written, and whether the flag gave it.
    let mut written: Vec<(String, String, bool)> = config
        .trusted_keys()
        .into_iter()
        .map(|(key, origin)| (key, origin.source_or_layer(), false))
        .collect();
    let table = format!("remote.{}.trusted-keys", spec.name);
    let in_table = spec
        .trusted_keys
        .iter()
        .map(|k| (k.clone(), table.clone(), false));
    written.extend(in_table);
    let by_flag = flag_keys
        .iter()
        .map(|k| (k.clone(), TRUSTED_KEY_FLAG.into(), true));
    written.extend(by_flag);
    let mut keys = Vec::new();
    for (i, (text, source, from_flag)) in written.into_iter().enumerate() {
        let key = public_key(i, &text, source).map_err(|error| BadKey { error, from_flag })?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(Trust {
        keys,
        unsigned: trust_unsigned || spec.trust_unsigned == Some(true),
        accept_refs: spec.accept_refs.clone(),
    })
}

/// The `i`th key written (0-based), from `source`.
fn public_key(i: usize, text: &str, source: String) -> Result<PublicKey, Error> {
    // The value is never quoted: a secret key pasted here would land in CI logs.
    if secret_shaped(text) {
        return Err(secret_where_public("trusted-keys", &source));
    }
    PublicKey::parse(text).map_err(|reason| Error::TrustedKey {
        name: key_name(text).map_or_else(|| format!("key {}", i + 1), |n| format!("key `{n}`")),
        written_in: source,
        reason,
    })
}

/// The key `push` signs with, from the file `signing-key-file` names, if one is named.
pub fn signing_key(config: &Config) -> Result<Option<SecretKey>, Error> {
    let Some(file) = config.signing_key_file() else {
        return Ok(None);
    };
    let source = config
        .origin("signing-key-file")
        .map_or_else(|| "signing-key-file".into(), |o| o.source_or_layer());
    if secret_in_path(&file) {
        return Err(secret_where_file(&source));
    }
    SecretKey::read(&file)
        .map(Some)
        .map_err(|e| Error::SigningKeyFile {
            written_in: source,
            error: Box::new(e),
        })
}
