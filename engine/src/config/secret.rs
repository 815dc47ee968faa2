//! Telling a secret signing key from what belongs where it was written, without printing it.
//!
//! Keys are written `NAME:BASE64` ([`crate::remote::trust`]): a public key has 32 bytes (44
//! base64 characters), a secret key 64 (seed and public key, 88). A secret pasted where a public
//! key or a file name belongs would be echoed by any error that quotes the value, and CI logs
//! keep errors; so such a value is recognised by its shape and refused without being quoted.

/// Whether `text` has the shape of a secret key: `NAME:BASE64` (or bare base64) of 64 bytes.
pub fn secret_shaped(text: &str) -> bool {
    let text = text.trim();
    let data = text.rsplit_once(':').map_or(text, |(_, data)| data);
    let data = data.trim_end_matches('=');
    let alphabet = |b: u8| b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
    // 64 bytes are 85⅓ base64 digits: 86 with two `=` of padding.
    data.len() == 86 && data.bytes().all(alphabet)
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
        assert!(!secret_shaped(&public));
        assert!(!secret_shaped("/home/me/.config/uvcache/keys/ci.secret"));
        assert!(secret_in_path(&std::path::Path::new("/work").join(&secret)));
        assert_eq!(key_name(&secret), Some("ci"));
        assert_eq!(key_name("no name"), None);
    }
}
