//! Package names and versions read from file names: PEP 503 normalized names, wheel and sdist
//! file names. Cache payloads are never decoded for this (docs/design.md#cache-payloads-are-opaque); paths say enough.

/// Normalizes a package name as PEP 503 does (lowercase, runs of `-_.` become `-`).
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Name and version from a wheel file name or stem (`tomli-2.5.0-py3-none-any[.whl]`).
pub fn wheel_name_version(file: &str) -> Option<(String, String)> {
    let stem = file.strip_suffix(".whl").unwrap_or(file);
    let mut parts = stem.splitn(3, '-');
    let (name, version) = (parts.next()?, parts.next()?);
    parts.next()?;
    Some((normalize_name(name), version.to_string()))
}

/// Name and version from a distribution file name: a wheel (or its unpacked stem), or an
/// sdist `name-version.tar.gz` / `.zip`. Names of other files say nothing.
pub fn distribution_name_version(file: &str) -> Option<(String, String)> {
    if let Some(stem) = file
        .strip_suffix(".tar.gz")
        .or_else(|| file.strip_suffix(".zip"))
    {
        let (name, version) = stem.rsplit_once('-')?;
        return (!name.is_empty() && version.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| (normalize_name(name), version.to_string()));
    }
    let (name, version) = wheel_name_version(file)?;
    version
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some((name, version))
}
