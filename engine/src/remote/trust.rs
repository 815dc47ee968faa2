//! Who may write what a pull places: ed25519 signatures over manifests, as Nix's binary caches
//! sign their narinfos (`Sig: NAME:BASE64`, `trusted-public-keys`).
//!
//! A signature is a statement: "this manifest id (and through it every object's hash, the uv
//! release, the platform and the tags) was pushed by B at T from ref R". It is its own immutable
//! object, `signatures/<manifest id>.<key id>.json` (flat: WebDAV lists one level), so several
//! keys can sign one manifest and
//! nothing is ever rewritten; a write credential alone cannot forge one. Keys are written as Nix
//! writes them: `NAME:BASE64`, the public key 32 bytes, the secret key its 32-byte seed followed
//! by the public key. A pull counts a manifest only when a trusted key signed it (and, with
//! `accept-refs`, only from those refs, as the signature records them): a ref is only as true
//! as the key that signed it.

use std::io::Write;
use std::path::Path;

use aws_lc_rs::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{
    Error, KeyNameInvalid, KeyTextInvalid, RemoteFailure, Result, SecretKeyInvalid,
};

/// The signature format this build writes and reads (2: the key, name included, is signed).
pub const FORMAT: u32 = 2;

/// A secret signing key (never printed, never in a config file).
pub struct SecretKey {
    name: String,
    seed: [u8; 32],
    pair: Ed25519KeyPair,
}

/// A public key: its name and 32 bytes, written `NAME:BASE64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The key's name (`ci-main`).
    pub name: String,
    bytes: [u8; 32],
}

fn key_error(path: &Path, reason: SecretKeyInvalid) -> Error {
    Error::SigningKey {
        path: path.to_path_buf(),
        reason,
    }
}

/// A key's name is letters, digits, `-`, `_` and `.`: it is part of object names.
pub fn check_name(name: &str) -> std::result::Result<(), KeyNameInvalid> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(KeyNameInvalid {
            name: name.to_string(),
        });
    }
    Ok(())
}

/// Why a signature object does not vouch for anything.
#[derive(Debug, thiserror::Error)]
pub enum SignatureInvalid {
    #[error("not a signature: {0}")]
    NotJson(serde_json::Error),
    #[error("signature format {0} (this uvcache reads {FORMAT})")]
    Format(u32),
    #[error(transparent)]
    Key(#[from] KeyTextInvalid),
    #[error("the signature is not base64: {0}")]
    Base64(base64::DecodeError),
    #[error("the signature by `{0}` does not verify")]
    DoesNotVerify(String),
    #[error("it signs manifest {manifest} with `{key}`, which belongs elsewhere")]
    Elsewhere { manifest: String, key: String },
}

/// Splits `NAME:BASE64` and decodes the bytes.
fn split_key(text: &str) -> std::result::Result<(String, Vec<u8>), KeyTextInvalid> {
    let (name, data) = text.trim().split_once(':').ok_or(KeyTextInvalid::Shape)?;
    check_name(name)?;
    let bytes = BASE64
        .decode(data)
        .map_err(|e| KeyTextInvalid::Base64(e.to_string()))?;
    Ok((name.to_string(), bytes))
}

impl SecretKey {
    /// A new random key named `name`.
    pub fn generate(name: &str) -> Result<SecretKey> {
        let mut seed = [0u8; 32];
        let fail = |reason| Error::Remote {
            remote: name.to_string(),
            reason,
        };
        aws_lc_rs::rand::fill(&mut seed).map_err(|_| fail(RemoteFailure::Random))?;
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed).map_err(|e| {
            fail(RemoteFailure::MakeKey {
                detail: e.to_string(),
            })
        })?;
        check_name(name).map_err(|e| fail(e.into()))?;
        Ok(SecretKey {
            name: name.to_string(),
            seed,
            pair,
        })
    }

    /// Reads a key file: `NAME:BASE64` of 64 bytes (seed and public key), readable by its owner
    /// only.
    pub fn read(path: &Path) -> Result<SecretKey> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if let Some(mode) = crate::os::perm::shared_with_others(&meta) {
            return Err(key_error(
                path,
                SecretKeyInvalid::Readable {
                    mode,
                    path: path.to_path_buf(),
                },
            ));
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let (name, bytes) = split_key(&text).map_err(|e| key_error(path, e.into()))?;
        if bytes.len() != 64 {
            return Err(key_error(path, SecretKeyInvalid::Length(bytes.len())));
        }
        let pair = Ed25519KeyPair::from_seed_and_public_key(&bytes[..32], &bytes[32..])
            .map_err(|_| key_error(path, SecretKeyInvalid::NotAPair))?;
        let mut seed = [0u8; 32];
        seed.copy_from_slice(&bytes[..32]);
        Ok(SecretKey { name, seed, pair })
    }

    /// Writes the key to a new file with mode 0600 (an existing file is never replaced).
    pub fn write(&self, path: &Path) -> Result<()> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        let mut file = crate::os::perm::owner_only(&mut options)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let mut bytes = self.seed.to_vec();
        bytes.extend_from_slice(self.pair.public_key().as_ref());
        writeln!(file, "{}:{}", self.name, BASE64.encode(&bytes)).map_err(|e| Error::io(path, e))
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(self.pair.public_key().as_ref());
        PublicKey {
            name: self.name.clone(),
            bytes,
        }
    }

    /// Signs a statement.
    pub fn sign(&self, statement: Statement) -> SignatureRecord {
        let key = self.public().to_string();
        let signature = self.pair.sign(&statement.message(&key));
        SignatureRecord {
            format: FORMAT,
            key,
            statement,
            signature: BASE64.encode(signature.as_ref()),
        }
    }
}

/// Where the signature of manifest `id` by `key` rests: one object per manifest and key.
pub fn signature_name(id: &str, key: &PublicKey) -> String {
    format!("signatures/{id}.{}.json", key.id())
}

impl PublicKey {
    /// Reads `NAME:BASE64` (32 bytes).
    pub fn parse(text: &str) -> std::result::Result<PublicKey, KeyTextInvalid> {
        let (name, bytes) = split_key(text)?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| KeyTextInvalid::PublicLength(b.len()))?;
        Ok(PublicKey { name, bytes })
    }

    /// A short name for the key in object names: its name and the start of its hash.
    pub fn id(&self) -> String {
        let hash = Sha256::digest(self.bytes);
        format!("{}-{}", self.name, crate::text::hex(&hash[..8]))
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, &self.bytes)
            .verify(message, signature)
            .is_ok()
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.name, BASE64.encode(self.bytes))
    }
}

/// What a signature vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// The manifest's id (the hash of its content).
    pub manifest: String,
    /// `user@host` of the push.
    pub pushed_by: String,
    /// When, RFC 3339.
    pub pushed_at: String,
    /// The ref the push came from (`refs/heads/main`), if known.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub git_ref: Option<String>,
}

impl Statement {
    /// The bytes signed by `key` (`NAME:BASE64`, so that its name cannot be changed either):
    /// one field a line, each named, so no two statements share them.
    fn message(&self, key: &str) -> Vec<u8> {
        format!(
            "uvcache-remote-v1 signature {FORMAT}\nkey {}\nmanifest {}\npushed_by {}\npushed_at {}\nref {}\n",
            key.replace('\n', " "),
            self.manifest,
            self.pushed_by.replace('\n', " "),
            self.pushed_at.replace('\n', " "),
            self.git_ref.as_deref().unwrap_or("").replace('\n', " ")
        )
        .into_bytes()
    }
}

/// A signature object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureRecord {
    /// [`FORMAT`].
    pub format: u32,
    /// The signing key's public half, `NAME:BASE64`.
    pub key: String,
    /// What it signs.
    #[serde(flatten)]
    pub statement: Statement,
    /// The ed25519 signature, base64.
    pub signature: String,
}

impl SignatureRecord {
    /// Its object name: one per manifest and key.
    pub fn object_name(&self) -> std::result::Result<String, KeyTextInvalid> {
        Ok(signature_name(
            &self.statement.manifest,
            &PublicKey::parse(&self.key)?,
        ))
    }

    /// The key that made the signature, if the signature verifies with it.
    pub fn verified_key(&self) -> std::result::Result<PublicKey, SignatureInvalid> {
        if self.format != FORMAT {
            return Err(SignatureInvalid::Format(self.format));
        }
        let key = PublicKey::parse(&self.key)?;
        let signature = BASE64
            .decode(&self.signature)
            .map_err(SignatureInvalid::Base64)?;
        if key.verify(&self.statement.message(&self.key), &signature) {
            Ok(key)
        } else {
            Err(SignatureInvalid::DoesNotVerify(key.name))
        }
    }

    /// A signature object read from `name`: it verifies and sits where its content says
    /// (`signatures/<manifest id>.<key id>.json`).
    pub fn read(name: &str, bytes: &[u8]) -> std::result::Result<Self, SignatureInvalid> {
        let record: SignatureRecord =
            serde_json::from_slice(bytes).map_err(SignatureInvalid::NotJson)?;
        if record.object_name()? != name {
            return Err(SignatureInvalid::Elsewhere {
                manifest: record.statement.manifest,
                key: record.key,
            });
        }
        record.verified_key()?;
        Ok(record)
    }
}

/// Which signatures a puller accepts.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// Keys whose signatures count.
    pub keys: Vec<PublicKey>,
    /// Count manifests nobody trusted signed (the explicit opt-out).
    pub unsigned: bool,
    /// Refs (globs) whose pushes count; empty: any.
    pub accept_refs: Vec<String>,
}

impl Trust {
    /// The trusted key of a verified signature, if this trust accepts it (its key is trusted
    /// and its ref accepted).
    pub fn accepted_key(&self, verified: &SignatureRecord) -> Option<PublicKey> {
        let key = PublicKey::parse(&verified.key).ok()?;
        (self.keys.contains(&key) && self.ref_accepted(verified.statement.git_ref.as_deref()))
            .then_some(key)
    }

    fn ref_accepted(&self, git_ref: Option<&str>) -> bool {
        if self.accept_refs.is_empty() {
            return true;
        }
        let Some(git_ref) = git_ref else {
            return false;
        };
        self.accept_refs
            .iter()
            .any(|p| glob::Pattern::new(p).is_ok_and(|p| p.matches(git_ref)))
    }
}

/// The ref a push comes from, as CI systems name it: `GITHUB_REF`, GitLab's
/// `CI_COMMIT_REF_NAME` (a branch, written `refs/heads/NAME`), Buildkite's `BUILDKITE_BRANCH`.
pub fn ci_ref(env: &crate::Environment) -> Option<String> {
    if let Some(r) = env.var("GITHUB_REF").filter(|r| !r.is_empty()) {
        return Some(r.to_string());
    }
    for var in ["CI_COMMIT_REF_NAME", "BUILDKITE_BRANCH"] {
        if let Some(branch) = env.var(var).filter(|r| !r.is_empty()) {
            return Some(format!("refs/heads/{branch}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sign_and_verify_and_bad_keys_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        let key = SecretKey::generate("ci-main").unwrap();
        let file = tmp.path().join("keys/ci-main.secret");
        key.write(&file).unwrap();
        let read = SecretKey::read(&file).unwrap();
        assert_eq!(read.public(), key.public());
        let public = PublicKey::parse(&key.public().to_string()).unwrap();
        assert_eq!(public, key.public());
        let statement = Statement {
            manifest: "ab".repeat(32),
            pushed_by: "ci@runner".into(),
            pushed_at: "2026-11-30T00:00:00Z".into(),
            git_ref: Some("refs/heads/main".into()),
        };
        let signature = read.sign(statement.clone());
        assert_eq!(signature.verified_key().unwrap(), public);
        // Any change to what was signed breaks it.
        // The key's name is signed too: the same bytes under another name do not verify.
        let mut renamed = signature.clone();
        renamed.key = renamed.key.replacen("ci-main:", "release-bot:", 1);
        assert!(renamed.verified_key().is_err());
        let mut forged = signature.clone();
        forged.statement.git_ref = Some("refs/heads/evil".into());
        assert!(matches!(
            forged.verified_key(),
            Err(SignatureInvalid::DoesNotVerify(name)) if name == "ci-main"
        ));
        let trust = Trust {
            keys: vec![public.clone()],
            unsigned: false,
            accept_refs: vec!["refs/heads/main".into()],
        };
        assert!(trust.accepted_key(&signature).is_some());
        let other = SecretKey::generate("rogue").unwrap().sign(statement);
        assert!(trust.accepted_key(&other).is_none());
        // A second write never replaces the key.
        assert!(key.write(&file).is_err());
        // Loose permissions, wrong format: errors that name the file.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = SecretKey::read(&file).err().unwrap().to_string();
        assert!(
            err.contains("ci-main.secret") && err.contains("644"),
            "{err}"
        );
        let bad = tmp.path().join("bad.secret");
        std::fs::write(&bad, "just text").unwrap();
        std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = SecretKey::read(&bad).err().unwrap().to_string();
        assert!(
            err.contains("bad.secret") && err.contains("NAME:BASE64"),
            "{err}"
        );
        // A key file whose secret stands before its first `:`, or whose base64 is broken: the
        // error names the file and the fault, and quotes none of the text.
        let secret = format!("{}==", "Q".repeat(86));
        for (text, fault) in [
            (format!("{secret}\nci:AAAA"), "its name"),
            (format!("ci:{}!", &secret[..80]), "not base64"),
        ] {
            std::fs::write(&bad, &text).unwrap();
            let err = SecretKey::read(&bad).err().unwrap().to_string();
            assert!(err.contains("bad.secret") && err.contains(fault), "{err}");
            assert!(!err.contains("QQQQ") && !err.contains("offset"), "{err}");
        }
        assert!(
            PublicKey::parse("nocolon")
                .unwrap_err()
                .to_string()
                .contains("NAME:BASE64")
        );
        assert!(
            PublicKey::parse("k:AAAA")
                .unwrap_err()
                .to_string()
                .contains("32 bytes")
        );
    }
}
