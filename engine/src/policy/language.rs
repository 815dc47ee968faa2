//! The policy language: TOML read with positions, validated so that every error names the
//! file, the line and the key; sizes with SI and IEC units kept apart; built-in policies.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::cache::entry::{EntryKind, Source, Status};
use crate::cache::layout::Bucket;
use crate::error::{Error, Result};
use crate::policy::{Action, Base, Policy, Rule, RuleOrigin, Selector, VersionRange};

/// The built-in policies, embedded from `policies/`.
pub const BUILTIN: [(&str, &str); 5] = [
    ("default", include_str!("../../../policies/default.toml")),
    ("ci", include_str!("../../../policies/ci.toml")),
    ("laptop", include_str!("../../../policies/laptop.toml")),
    (
        "keep-expensive",
        include_str!("../../../policies/keep-expensive.toml"),
    ),
    ("unused", include_str!("../../../policies/unused.toml")),
];

/// A size: bytes as an integer, or text such as `10 GiB` / `500 MB` (IEC and SI units).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawSize {
    Bytes(i64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRule {
    name: Option<String>,
    action: Spanned<String>,
    buckets: Option<Spanned<Vec<String>>>,
    kinds: Option<Spanned<Vec<String>>>,
    sources: Option<Spanned<Vec<String>>>,
    packages: Option<Spanned<Vec<String>>>,
    versions: Option<Spanned<String>>,
    status: Option<Spanned<Vec<String>>>,
    min_size: Option<Spanned<RawSize>>,
    used: Option<bool>,
    older_than: Option<Spanned<String>>,
    keep_latest: Option<Spanned<i64>>,
    max_size: Option<Spanned<RawSize>>,
    min_free: Option<Spanned<RawSize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawPolicy {
    pub(crate) description: Option<String>,
    pub(crate) base: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) rules: Vec<Spanned<RawRule>>,
}

/// Reads policy text from `file` (used in messages), as `layer`.
pub fn parse(text: &str, name: &str, file: &str, layer: &str) -> Result<Policy> {
    let raw: RawPolicy = toml::from_str(text).map_err(|e| toml_error(&e, text, file))?;
    validate(raw, text, name, file, layer)
}

/// The key written on the line at `offset` (`kinds = 3` gives `kinds`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    Some(key.trim().trim_matches('"').to_string()).filter(|k| !k.is_empty())
}

/// A TOML syntax or type error as a policy error with line and key.
pub(crate) fn toml_error(e: &toml::de::Error, text: &str, file: &str) -> Error {
    let offset = e.span().map_or(0, |s| s.start);
    let message = e.message().to_string();
    let key = key_at(text, offset)
        .or_else(|| message.split('`').nth(1).map(str::to_string))
        .unwrap_or_default();
    Error::Policy {
        file: file.to_string(),
        line: text[..offset.min(text.len())].matches('\n').count() + 1,
        key,
        message,
    }
}

/// Checks a parsed policy; spans are offsets into `text`.
pub(crate) fn validate(
    raw: RawPolicy,
    text: &str,
    name: &str,
    file: &str,
    layer: &str,
) -> Result<Policy> {
    let check = Checker { text, file, layer };
    let base = check.base(raw.base.as_ref())?;
    let rules = raw
        .rules
        .iter()
        .enumerate()
        .map(|(i, spanned)| check.rule(i, spanned))
        .collect::<Result<Vec<Rule>>>()?;
    check.contradictions(&rules, &raw.rules)?;
    Ok(Policy {
        name: name.to_string(),
        description: raw.description.unwrap_or_default(),
        base,
        rules,
    })
}

/// The policy file being checked: where errors point.
struct Checker<'a> {
    text: &'a str,
    file: &'a str,
    layer: &'a str,
}

type Names = Option<Spanned<Vec<String>>>;

impl Checker<'_> {
    fn line(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn err(&self, offset: usize, key: &str, message: String) -> Error {
        Error::Policy {
            file: self.file.to_string(),
            line: self.line(offset),
            key: key.to_string(),
            message,
        }
    }

    fn base(&self, base: Option<&Spanned<String>>) -> Result<Base> {
        match base.map(|b| (b.get_ref().as_str(), b.span().start)) {
            None | Some(("none", _)) => Ok(Base::None),
            Some(("prune", _)) => Ok(Base::Prune),
            Some(("prune-ci", _)) => Ok(Base::PruneCi),
            Some((other, at)) => Err(self.err(
                at,
                "base",
                format!("unknown base `{other}`: expected none, prune or prune-ci"),
            )),
        }
    }

    /// Rule `i` (0-based), starting at `spanned`'s offset.
    fn rule(&self, i: usize, spanned: &Spanned<RawRule>) -> Result<Rule> {
        let at = spanned.span().start;
        let raw = spanned.get_ref();
        Ok(Rule {
            name: raw.name.clone(),
            selector: self.selector(raw, at)?,
            action: self.action(raw, at)?,
            origin: RuleOrigin {
                file: self.file.to_string(),
                layer: self.layer.to_string(),
                index: i + 1,
                line: self.line(at),
            },
        })
    }

    /// A list of names; an empty one is refused (it would select nothing).
    fn names(&self, key: &str, list: &Names) -> Result<Vec<String>> {
        match list {
            None => Ok(Vec::new()),
            Some(l) if l.get_ref().is_empty() => Err(self.err(
                l.span().start,
                key,
                "an empty list selects nothing; leave the key out to select everything".into(),
            )),
            Some(l) => Ok(l.get_ref().clone()),
        }
    }

    /// A list of names, each one of `known`.
    fn known<T>(
        &self,
        at: usize,
        key: &str,
        list: &Names,
        known: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>> {
        let names = self.names(key, list)?;
        if let Some(value) = names.iter().find(|v| !known.contains(&v.as_str())) {
            return Err(self.err(
                list.as_ref().map_or(at, |l| l.span().start),
                key,
                format!(
                    "unknown value `{value}` (expected one of: {})",
                    known.join(", ")
                ),
            ));
        }
        Ok(names.iter().filter_map(|n| parse(n)).collect())
    }

    fn size(&self, key: &str, value: &Option<Spanned<RawSize>>) -> Result<Option<u64>> {
        let Some(value) = value else { return Ok(None) };
        parse_size(value.get_ref())
            .map(Some)
            .map_err(|e| self.err(value.span().start, key, e.to_string()))
    }

    fn selector(&self, raw: &RawRule, at: usize) -> Result<Selector> {
        let buckets = &crate::cache::layout::BUCKET_NAMES;
        let buckets = self.known(at, "buckets", &raw.buckets, buckets, Bucket::from_prefix)?;
        let kinds = self.known(
            at,
            "kinds",
            &raw.kinds,
            &EntryKind::NAMES,
            EntryKind::from_name,
        )?;
        let sources = self.known(
            at,
            "sources",
            &raw.sources,
            &Source::NAMES,
            Source::from_name,
        )?;
        let status = self.known(at, "status", &raw.status, &Status::NAMES, Status::from_name)?;
        let mut packages = Vec::new();
        for pattern in self.names("packages", &raw.packages)? {
            let normalized = crate::cache::names::normalize_name(&pattern.replace('*', "\u{0}"))
                .replace('\u{0}', "*");
            let glob = glob::Pattern::new(&normalized).map_err(|e| {
                self.err(
                    raw.packages.as_ref().map_or(at, |p| p.span().start),
                    "packages",
                    format!("invalid glob `{pattern}`: {e}"),
                )
            })?;
            packages.push(glob);
        }
        let versions = match &raw.versions {
            None => None,
            Some(v) => Some(
                VersionRange::parse(v.get_ref())
                    .map_err(|e| self.err(v.span().start, "versions", e.to_string()))?,
            ),
        };
        Ok(Selector {
            buckets,
            kinds,
            sources,
            packages,
            versions,
            status,
            min_size: self.size("min-size", &raw.min_size)?,
            used: raw.used,
        })
    }

    /// The rule's conditions, each with its key and offset, in the order they are written
    /// about.
    fn conditions(&self, raw: &RawRule, at: usize) -> Result<Vec<(&'static str, usize, Action)>> {
        let mut conditions = Vec::new();
        if let Some(d) = &raw.older_than {
            let duration = humantime::parse_duration(d.get_ref()).map_err(|e| {
                let message = format!(
                    "`{}` is not a duration such as \"30 days\" ({e})",
                    d.get_ref()
                );
                self.err(d.span().start, "older-than", message)
            })?;
            conditions.push(("older-than", d.span().start, Action::OlderThan(duration)));
        }
        if let Some(n) = &raw.keep_latest {
            let count = usize::try_from(*n.get_ref())
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    let message = format!("{} is not a positive number of versions", n.get_ref());
                    self.err(n.span().start, "keep-latest", message)
                })?;
            conditions.push(("keep-latest", n.span().start, Action::KeepLatest(count)));
        }
        if let Some(bytes) = self.size("max-size", &raw.max_size)? {
            conditions.push(("max-size", at, Action::MaxSize(bytes)));
        }
        if let Some(bytes) = self.size("min-free", &raw.min_free)? {
            conditions.push(("min-free", at, Action::MinFree(bytes)));
        }
        Ok(conditions)
    }

    /// The action with its one condition: a keep rule has none, an evict rule at most one.
    fn action(&self, raw: &RawRule, at: usize) -> Result<Action> {
        let mut conditions = self.conditions(raw, at)?;
        match (raw.action.get_ref().as_str(), conditions.len()) {
            ("keep", 0) => Ok(Action::Keep),
            ("keep", _) => {
                let (key, offset, _) = &conditions[0];
                Err(self.err(
                    *offset,
                    key,
                    format!("`{key}` contradicts action = \"keep\": a keep rule has no condition"),
                ))
            }
            ("evict", 0) => Ok(Action::Evict),
            ("evict", 1) => Ok(conditions.remove(0).2),
            ("evict", _) => {
                let (key, offset, _) = &conditions[1];
                Err(self.err(
                    *offset,
                    key,
                    format!(
                        "a rule has one condition; `{}` and `{key}` contradict, split them into two rules",
                        conditions[0].0
                    ),
                ))
            }
            (other, _) => Err(self.err(
                raw.action.span().start,
                "action",
                format!("unknown action `{other}`: expected keep or evict"),
            )),
        }
    }

    /// A rule that evicts only what an earlier identical keep rule protects can never act.
    fn contradictions(&self, rules: &[Rule], raw: &[Spanned<RawRule>]) -> Result<()> {
        for (i, rule) in rules.iter().enumerate() {
            if rule.action != Action::Keep
                && let Some(keep) = rules
                    .iter()
                    .find(|k| k.action == Action::Keep && k.selector == rule.selector)
            {
                return Err(self.err(
                    raw[i].span().start,
                    "action",
                    format!(
                        "rule {} evicts exactly what rule {} keeps: they contradict",
                        i + 1,
                        keep.origin.index
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Why a policy value written as text (a size, a duration, a count) is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueInvalid {
    #[error("{0} is negative: a size is at least 0 bytes")]
    NegativeBytes(i64),
    #[error("`{0}` is negative: a size is at least 0 bytes")]
    NegativeSize(String),
    #[error("`{text}` is not a size such as \"10 GiB\" or \"500 MB\" ({detail})")]
    Size { text: String, detail: String },
    #[error("`{text}` is not a duration such as \"30 days\" ({detail})")]
    Duration { text: String, detail: String },
    #[error("`{0}` is not a positive number of versions")]
    Count(String),
}

/// Parses a size: an integer of bytes, or `10 GiB`, `500MB`, `1.5 GB` (IEC and SI distinct).
pub fn parse_size_text(text: &str) -> std::result::Result<u64, ValueInvalid> {
    parse_size(&RawSize::Text(text.to_string()))
}

pub(crate) fn parse_size(value: &RawSize) -> std::result::Result<u64, ValueInvalid> {
    match value {
        RawSize::Bytes(n) => u64::try_from(*n).map_err(|_| ValueInvalid::NegativeBytes(*n)),
        RawSize::Text(text) => {
            let trimmed = text.trim();
            if trimmed.starts_with('-') {
                return Err(ValueInvalid::NegativeSize(text.clone()));
            }
            trimmed
                .parse::<bytesize::ByteSize>()
                .map(|b| b.as_u64())
                .map_err(|detail| ValueInvalid::Size {
                    text: text.clone(),
                    detail,
                })
        }
    }
}

/// A built-in policy by name.
pub fn builtin(name: &str) -> Option<Policy> {
    let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    // Built-in policies are checked by tests; a broken one is a build defect, reported as such.
    parse(text, name, &format!("builtin:{name}"), "builtin").ok()
}

/// A policy by built-in name or by file path (relative to `cwd`).
pub fn load(reference: &str, cwd: &Path, layer: &str) -> Result<Policy> {
    if let Some(policy) = builtin(reference) {
        return Ok(policy);
    }
    let path = cwd.join(reference);
    let text = std::fs::read_to_string(&path).map_err(|_| Error::Policy {
        file: reference.to_string(),
        line: 0,
        key: "policy".into(),
        message: format!(
            "no built-in policy `{reference}` ({}) and no readable file `{}`",
            BUILTIN.map(|(n, _)| n).join(", "),
            path.display()
        ),
    })?;
    let name = path.file_stem().map_or_else(
        || reference.to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    parse(&text, &name, &path.display().to_string(), layer)
}
