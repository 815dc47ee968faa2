//! The keys of a transfer: whose signatures count, the key a push signs with, and
//! `remote keygen`.

use uvcache::remote::RemoteSpec;
use uvcache::remote::keys;
use uvcache::remote::trust::{SecretKey, Trust};

use super::TransferArgs;
use crate::context::{Context, Invocation};
use crate::error::{Blame, CommandError, Result};
use crate::{Value, record};

/// Whose signatures count for `spec` ([`uvcache::remote::keys::trust`]); a bad key is blamed on
/// `--trusted-key` when that flag gave it.
pub(super) fn trust(context: &Context, spec: &RemoteSpec, args: &TransferArgs) -> Result<Trust> {
    keys::trust(
        &context.config,
        spec,
        &args.trusted_keys,
        args.trust_unsigned,
    )
    .map_err(|bad| {
        let blame = if bad.from_flag {
            Blame::Flag("trusted-key")
        } else {
            Blame::Call
        };
        match bad.error {
            e @ uvcache::Error::TrustedKey { .. } => {
                CommandError::usage("Invalid trusted key", e.to_string(), blame)
                    .with_help("a public key as `uvcache remote keygen` prints it: NAME:BASE64")
            }
            e => CommandError::engine(e, blame),
        }
    })
}

/// The key `push` signs with ([`uvcache::remote::keys::signing_key`]).
pub(super) fn signing_key(context: &Context) -> Result<Option<SecretKey>> {
    keys::signing_key(&context.config).map_err(|e| match e {
        e @ uvcache::Error::SigningKeyFile { .. } => {
            CommandError::usage("Cannot read the signing key", e.to_string(), Blame::Call)
                .with_help(
                    "name the file `uvcache remote keygen` wrote, with UVCACHE_SIGNING_KEY_FILE \
                     or `signing-key-file` in your uvcache config",
                )
        }
        e => CommandError::engine(e, Blame::Call),
    })
}

/// `uvcache remote keygen NAME [--output FILE]`.
pub fn keygen(invocation: &Invocation, name: &str, output: Option<&str>) -> Result<Value> {
    let context = Context::load(invocation)?;
    uvcache::remote::trust::check_name(name)
        .map_err(|e| CommandError::usage("Invalid key name", e.to_string(), Blame::Arg(0)))?;
    let env = context.config.environment();
    let (file, blame) = match output {
        Some(path) => (
            env.absolutize(std::path::Path::new(path)),
            Blame::Flag("output"),
        ),
        None => {
            let dir = uvcache::config::dirs::user_config_dir(env).ok_or_else(|| {
                CommandError::usage(
                    "No place for the key",
                    "neither XDG_CONFIG_HOME nor HOME is set".to_string(),
                    Blame::Call,
                )
                .with_help("give --output FILE")
            })?;
            (
                dir.join("uvcache")
                    .join("keys")
                    .join(format!("{name}.secret")),
                Blame::Call,
            )
        }
    };
    let key = SecretKey::generate(name).map_err(|e| CommandError::engine(e, Blame::Arg(0)))?;
    key.write(&file)
        .map_err(|e| CommandError::engine(e, blame))?;
    Ok(record! {
        "name" => Value::text(name),
        "public_key" => Value::text(key.public().to_string()),
        "file" => Value::text(file.to_string_lossy()),
    }
    .into())
}
