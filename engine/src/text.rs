//! Small formatting helpers shared by the engine and both front ends.

/// Bytes as uv prints them: IEC units with one decimal, plain bytes below 1024.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes}B")
    } else {
        format!("{value:.1}{}", UNITS[unit])
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A URL, or a text that holds URLs (a library's error), as errors and output show it: the
/// credentials of every URL in it (`https://TOKEN@host`, `webdav+https://user:PASSWORD@host`)
/// masked, as uv masks them in the URLs it prints. The user name stays when a password follows
/// it, and `git@` (ssh's usual user) stays.
pub fn safe_url(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('@') || !text.contains("://") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let start = i + 3;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| "/?#)]}>\"'` ".contains(c) || c.is_whitespace())
            .unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            out.push_str(&match rest[..at].split_once(':') {
                Some((user, _)) => format!("{user}:****"),
                None if &rest[..at] == "git" => "git".to_string(),
                None => "****".to_string(),
            });
            rest = &rest[at..];
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls_are_masked() {
        for (url, shown) in [
            (
                "https://token@github.com/o/r",
                "https://****@github.com/o/r",
            ),
            (
                "webdav+https://alice:s3cret@h:8/x?a=b@c",
                "webdav+https://alice:****@h:8/x?a=b@c",
            ),
            ("ssh://git@github.com/o/r", "ssh://git@github.com/o/r"),
            (
                "https://files.example/a@b.whl",
                "https://files.example/a@b.whl",
            ),
            ("git@github.com:o/r", "git@github.com:o/r"),
            ("file:///tmp/x", "file:///tmp/x"),
            (
                "error sending request for url (http://bob:pw@127.0.0.1:9/r/x): refused",
                "error sending request for url (http://bob:****@127.0.0.1:9/r/x): refused",
            ),
        ] {
            assert_eq!(safe_url(url), shown, "{url}");
        }
    }
}
