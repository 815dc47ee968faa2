//! Telling a secret signing key from what belongs where it was written, without printing it.
//!
//! Keys are written `NAME:BASE64` ([`crate::remote::trust`]): a public key has 32 bytes (44
//! base64 characters), a secret key 64 (seed and public key, 88). A secret pasted where a public
//! key or a file name belongs would be echoed by any error that quotes the value, and CI logs
//! keep errors; so such a value is recognised by its shape and refused without being quoted.

use crate::error::Error;

/// Base64 digits of a secret key: 86 (64 bytes, before `==`). A public key has 43.
const SECRET_RUN: usize = 86;

fn base64_digit(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Whether a run of base64 digits looks like a key's: exactly 86 of them, mixing capitals,
/// small letters and digits as random bytes do (a long path, all small letters and slashes,
/// does not).
fn key_run(run: &str) -> bool {
    run.len() == SECRET_RUN
        && run.bytes().any(|b| b.is_ascii_uppercase())
        && run.bytes().any(|b| b.is_ascii_lowercase())
        && run.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `text` holds something shaped like a secret key (`NAME:BASE64` of 64 bytes, with
/// anything around it).
pub fn secret_shaped(text: &str) -> bool {
    text.split(|c: char| !base64_digit(c)).any(key_run)
}

/// `text` with every run shaped like a secret key replaced by a mark (for errors that quote
/// what they read, such as a configuration file's syntax errors).
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if key_run(run) {
            out.push_str("<redacted: shaped like a secret key>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if base64_digit(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether any part of a path has the shape of a secret key (`signing-key-file` given the key
/// itself instead of the file's name, made absolute since).
pub fn secret_in_path(path: &std::path::Path) -> bool {
    secret_shaped(&path.to_string_lossy())
        || path
            .components()
            .any(|c| secret_shaped(&c.as_os_str().to_string_lossy()))
}

/// The name part of a `NAME:…` value, when it is a plain name, to say which value is meant.
pub fn key_name(text: &str) -> Option<&str> {
    let (name, _) = text.trim().split_once(':')?;
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
    .then_some(name)
}

/// A secret key where a public key belongs: named by where it was written, never quoted.
pub fn secret_where_public(key: &str, source: &str) -> Error {
    Error::ConfigValue {
        key: Some(key.to_string()),
        file: None,
        message: format!(
            "`{key}` (from {source}) holds a secret key (64 bytes), where a public key (32 bytes) \
             belongs; the value is not shown. Put the public key there (`uvcache remote keygen` \
             prints it), keep the secret in its own file, and make a new key if this one was \
             shared"
        ),
    }
}

/// A secret key where the name of its file belongs (`signing-key-file`), never quoted.
pub fn secret_where_file(source: &str) -> Error {
    Error::ConfigValue {
        key: Some("signing-key-file".into()),
        file: None,
        message: format!(
            "`signing-key-file` (from {source}) holds a secret key itself, where the name of the \
             file holding it belongs; the value is not shown. Write the key to a file (mode \
             0600) and name that file"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys_are_told_from_public_keys_and_paths() {
        let secret = format!("ci:{}==", &"Ab3".repeat(29)[..86]);
        let public = format!("ci:{}=", &"Ab3".repeat(15)[..43]);
        assert!(secret_shaped(&secret));
        assert!(secret_shaped(&secret[3..]));
        assert!(
            secret_shaped(&format!("{secret}.")),
            "a stray character after it"
        );
        let quoted = redact(&format!("x = [\"{secret}\"\n  | ^"));
        assert!(!quoted.contains(&secret[3..]) && quoted.starts_with("x = [\"ci:<redacted"));
        let long = format!("/home/runner/{}/ci.key", "platformengineering/".repeat(5));
        assert!(!secret_shaped(&long), "a long path is not a key");
        assert!(!secret_shaped(&public));
        assert!(!secret_shaped("/home/me/.config/uvcache/keys/ci.secret"));
        assert!(secret_in_path(&std::path::Path::new("/work").join(&secret)));
        assert_eq!(key_name(&secret), Some("ci"));
        assert_eq!(key_name("no name"), None);
    }
}
