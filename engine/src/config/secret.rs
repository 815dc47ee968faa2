//! Telling a secret signing key from what belongs where it was written, without printing it.
//!
//! Keys are written `NAME:BASE64` ([`crate::remote::trust`]): a public key has 32 bytes (44
//! base64 characters), a secret key 64 (seed and public key, 88). A secret pasted where a public
//! key or a file name belongs would be echoed by any error that quotes the value, and CI logs
//! keep errors; so such a value is recognised by its shape and refused without being quoted.

/// Base64 digits of a secret key: 86 (64 bytes). A public key has 43; a run of 80 or more
/// anywhere in a value is taken for a secret (with a stray character before or after it too).
const SECRET_RUN: usize = 80;

fn base64_digit(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Whether `text` holds something shaped like a secret key: a run of 80 or more base64 digits
/// (`NAME:BASE64` of 64 bytes is 86).
pub fn secret_shaped(text: &str) -> bool {
    text.split(|c: char| !base64_digit(c))
        .any(|run| run.len() >= SECRET_RUN)
}

/// `text` with every run shaped like a secret key replaced by a mark (for errors that quote
/// what they read, such as a configuration file's syntax errors).
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= SECRET_RUN {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys_are_told_from_public_keys_and_paths() {
        let secret = format!("ci:{}==", "A".repeat(86));
        let public = format!("ci:{}=", "A".repeat(43));
        assert!(secret_shaped(&secret));
        assert!(secret_shaped(&secret[3..]));
        assert!(
            secret_shaped(&format!("{secret}.")),
            "a stray character after it"
        );
        let quoted = redact(&format!("x = [\"{secret}\"\n  | ^"));
        assert!(!quoted.contains(&"A".repeat(86)) && quoted.starts_with("x = [\"ci:<redacted"));
        assert!(!secret_shaped(&public));
        assert!(!secret_shaped("/home/me/.config/uvcache/keys/ci.secret"));
        assert!(secret_in_path(&std::path::Path::new("/work").join(&secret)));
        assert_eq!(key_name(&secret), Some("ci"));
        assert_eq!(key_name("no name"), None);
    }
}
