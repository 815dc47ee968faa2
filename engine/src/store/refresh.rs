//! `--refresh-package` for what the store holds: a pattern selects a URL when it equals the
//! package (or repository) name after PEP 503 normalization, or when it is a glob that matches
//! the whole URL. Fetch and git share this rule.

use crate::cache::names::normalize_name;

/// Whether `patterns` select a URL whose package (or repository) is `name`.
pub(crate) fn selects(url: &str, name: Option<&str>, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        name.is_some_and(|n| n == normalize_name(p))
            || glob::Pattern::new(p).is_ok_and(|g| g.matches(url))
    })
}
