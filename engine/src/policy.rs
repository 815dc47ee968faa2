//! Declarative prune policies: ordered rules that select entries and keep or evict them.
//!
//! A policy names a `base` pass (`none`, `prune` = exactly `uv cache prune`, `prune-ci` =
//! `uv cache prune --ci`) and a list of rules. A rule selects entries (buckets, kinds, sources,
//! package globs, a version range, status, a minimum size) and either keeps them or evicts them:
//! always, when unused for longer than `older-than`, beyond the `keep-latest` N versions of each
//! package, or least recently used first while the cache is above `max-size` or the disk has
//! less than `min-free`. Evaluation, in the spirit of cargo's GC and BuildKit's policies:
//!
//! 1. the base pass removes what uv would;
//! 2. `keep` rules protect what they select, wherever they stand in the list;
//! 3. age and count rules, top to bottom: the first rule that evicts an entry decides;
//! 4. size rules, top to bottom, on what is left: least recently used first, ties broken by
//!    path; a budget that only kept entries stand in the way of is reported, not forced.
//!
//! Referential integrity is structural: an archive is removed only when every entry linking to
//! it is evicted, so no pointer is left dangling and no pointer outlives its archive.
//!
//! Policies are TOML (`policies/*.toml` are built in). Every error names the file, the line and
//! the key. Time is a parameter ([`Clock`]), so age rules are tested without sleeping.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::inventory::{Entry, EntryKind, Inventory, Source, Status};
use crate::layout::Bucket;
use crate::plan::{self, Operation, Plan, PlanItem, Reason};

/// The built-in policies, embedded from `policies/`.
pub const BUILTIN: [(&str, &str); 4] = [
    ("default", include_str!("../../policies/default.toml")),
    ("ci", include_str!("../../policies/ci.toml")),
    ("laptop", include_str!("../../policies/laptop.toml")),
    (
        "keep-expensive",
        include_str!("../../policies/keep-expensive.toml"),
    ),
];

/// "Now", for age rules: the real clock, or a fixed instant in tests.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub SystemTime);

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(SystemTime::now())
    }
}

/// uv's own pass that runs before the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// No uv pass.
    None,
    /// `uv cache prune`.
    Prune,
    /// `uv cache prune --ci`.
    PruneCi,
}

/// What a rule does with the entries it selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Protect them.
    Keep,
    /// Evict them, always.
    Evict,
    /// Evict those unused for longer than this.
    OlderThan(Duration),
    /// Keep the N newest versions of each package, evict the rest.
    KeepLatest(usize),
    /// Evict least recently used while the cache is above this many bytes.
    MaxSize(u64),
    /// Evict least recently used while the disk has less than this many bytes free.
    MinFree(u64),
}

impl Action {
    fn is_size(&self) -> bool {
        matches!(self, Action::MaxSize(_) | Action::MinFree(_))
    }
}

/// A version range: comparators that must all hold (`>=2, <3`).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRange(Vec<(Cmp, String)>);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Ge,
    Le,
    Gt,
    Lt,
}

/// Orders versions the way PEP 440 orders plain releases: numeric components compared as
/// numbers (`1.10 > 1.9`), anything else as text, a missing component as zero.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut xs = a.split(['.', '-', '+']);
    let mut ys = b.split(['.', '-', '+']);
    loop {
        let (x, y) = match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (x, y) => (x.unwrap_or("0"), y.unwrap_or("0")),
        };
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// A version's leading numeric components, for sorting many versions cheaply; equal keys fall
/// back to [`compare_versions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct VersionKey([u64; 4]);

impl VersionKey {
    fn of(version: &str) -> VersionKey {
        let mut key = [0u64; 4];
        for (slot, part) in key.iter_mut().zip(version.split(['.', '-', '+'])) {
            match part.parse::<u64>() {
                Ok(n) => *slot = n,
                Err(_) => break,
            }
        }
        VersionKey(key)
    }
}

impl VersionRange {
    fn parse(text: &str) -> std::result::Result<VersionRange, String> {
        let mut parts = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (cmp, rest) = [
                (">=", Cmp::Ge),
                ("<=", Cmp::Le),
                ("==", Cmp::Eq),
                ("!=", Cmp::Ne),
                (">", Cmp::Gt),
                ("<", Cmp::Lt),
            ]
            .iter()
            .find_map(|(op, cmp)| part.strip_prefix(op).map(|rest| (*cmp, rest.trim())))
            .ok_or_else(|| format!("`{part}` is not a comparison such as `>=2` or `<3.1`"))?;
            if rest.is_empty()
                || !rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
            {
                return Err(format!("`{rest}` is not a version"));
            }
            parts.push((cmp, rest.to_string()));
        }
        if parts.is_empty() {
            return Err("an empty version range".into());
        }
        let range = VersionRange(parts);
        // Lower bounds above upper bounds select nothing: a mistake, not a policy.
        let lows = range
            .0
            .iter()
            .filter(|(c, _)| matches!(c, Cmp::Ge | Cmp::Gt | Cmp::Eq));
        for (lc, low) in lows {
            for (uc, up) in range
                .0
                .iter()
                .filter(|(c, _)| matches!(c, Cmp::Le | Cmp::Lt | Cmp::Eq))
            {
                let order = compare_versions(low, up);
                let empty = order == Ordering::Greater
                    || (order == Ordering::Equal
                        && (matches!(lc, Cmp::Gt) || matches!(uc, Cmp::Lt)));
                if empty {
                    return Err(format!("`{text}` can match no version"));
                }
            }
        }
        Ok(range)
    }

    fn contains(&self, version: &str) -> bool {
        self.0.iter().all(|(cmp, bound)| {
            let order = compare_versions(version, bound);
            match cmp {
                Cmp::Eq => order == Ordering::Equal,
                Cmp::Ne => order != Ordering::Equal,
                Cmp::Ge => order != Ordering::Less,
                Cmp::Le => order != Ordering::Greater,
                Cmp::Gt => order == Ordering::Greater,
                Cmp::Lt => order == Ordering::Less,
            }
        })
    }
}

/// Which entries a rule applies to; empty lists select everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selector {
    /// Bucket families.
    pub buckets: Vec<Bucket>,
    /// Entry kinds.
    pub kinds: Vec<EntryKind>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Package name globs (normalized names).
    pub packages: Vec<glob::Pattern>,
    /// Version range.
    pub versions: Option<VersionRange>,
    /// Statuses.
    pub status: Vec<Status>,
    /// Only entries at least this large.
    pub min_size: Option<u64>,
}

impl Selector {
    /// Whether the selector picks `entry`.
    pub fn matches(&self, entry: &Entry) -> bool {
        let any = |empty: bool, hit: bool| empty || hit;
        any(
            self.buckets.is_empty(),
            entry.bucket.is_some_and(|b| self.buckets.contains(&b)),
        ) && any(self.kinds.is_empty(), self.kinds.contains(&entry.kind))
            && any(
                self.sources.is_empty(),
                entry.source.is_some_and(|s| self.sources.contains(&s)),
            )
            && any(
                self.packages.is_empty(),
                entry
                    .package
                    .as_deref()
                    .is_some_and(|p| self.packages.iter().any(|g| g.matches(p))),
            )
            && self
                .versions
                .as_ref()
                .is_none_or(|r| entry.version.as_deref().is_some_and(|v| r.contains(v)))
            && any(self.status.is_empty(), self.status.contains(&entry.status))
            && self.min_size.is_none_or(|m| entry.disk >= m)
    }
}

/// Where a rule was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOrigin {
    /// The file (`builtin:laptop` for built-in policies).
    pub file: String,
    /// The layer that contributed it (`builtin`, `user`, `project`, `environment`, `flag`, ...).
    pub layer: String,
    /// 1-based index of the rule in its file.
    pub index: usize,
    /// Line of the rule in its file.
    pub line: usize,
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Optional name, for reports.
    pub name: Option<String>,
    /// What it selects.
    pub selector: Selector,
    /// What it does.
    pub action: Action,
    /// Where it was written.
    pub origin: RuleOrigin,
}

impl Rule {
    /// A one-line description (`evict older-than 90 days where kinds = [registry_wheel]`).
    pub fn describe(&self) -> String {
        let action = match &self.action {
            Action::Keep => "keep".to_string(),
            Action::Evict => "evict".to_string(),
            Action::OlderThan(d) => format!("evict older-than {}", days(*d)),
            Action::KeepLatest(n) => format!("evict beyond keep-latest {n}"),
            Action::MaxSize(b) => {
                format!("evict lru while size > {}", crate::removal::human_bytes(*b))
            }
            Action::MinFree(b) => {
                format!("evict lru while free < {}", crate::removal::human_bytes(*b))
            }
        };
        let s = &self.selector;
        let mut parts = Vec::new();
        if !s.buckets.is_empty() {
            parts.push(format!(
                "buckets = {:?}",
                s.buckets.iter().map(|b| b.prefix()).collect::<Vec<_>>()
            ));
        }
        if !s.kinds.is_empty() {
            parts.push(format!(
                "kinds = {:?}",
                s.kinds.iter().map(|k| k.name()).collect::<Vec<_>>()
            ));
        }
        if !s.sources.is_empty() {
            parts.push(format!(
                "sources = {:?}",
                s.sources.iter().map(|k| k.name()).collect::<Vec<_>>()
            ));
        }
        if !s.packages.is_empty() {
            parts.push(format!(
                "packages = {:?}",
                s.packages.iter().map(|p| p.as_str()).collect::<Vec<_>>()
            ));
        }
        if let Some(r) = &s.versions {
            parts.push(format!(
                "versions = {:?}",
                r.0.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>()
            ));
        }
        if !s.status.is_empty() {
            parts.push(format!(
                "status = {:?}",
                s.status.iter().map(|k| k.name()).collect::<Vec<_>>()
            ));
        }
        if let Some(m) = s.min_size {
            parts.push(format!("min-size = {}", crate::removal::human_bytes(m)));
        }
        let name = self
            .name
            .as_ref()
            .map(|n| format!("{n}: "))
            .unwrap_or_default();
        if parts.is_empty() {
            format!("{name}{action}")
        } else {
            format!("{name}{action} where {}", parts.join(", "))
        }
    }
}

/// A duration in whole days when it is one (`90 days`), else as humantime writes it.
fn days(d: Duration) -> String {
    match d.as_secs() {
        s if s % 86_400 == 0 && d.subsec_nanos() == 0 => format!("{} days", s / 86_400),
        _ => humantime::format_duration(d).to_string(),
    }
}

/// Whether `path` is an item of `set` or lies below one (ancestor look-ups, no scan).
fn covered(set: &BTreeSet<String>, path: &str) -> bool {
    !set.is_empty() && crate::layout::path_and_ancestors(path).any(|p| set.contains(p))
}

/// A validated policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Its name (file stem or built-in name).
    pub name: String,
    /// What it is for.
    pub description: String,
    /// uv's pass that runs first.
    pub base: Base,
    /// The rules, in order.
    pub rules: Vec<Rule>,
}

/// A size: bytes as an integer, or text such as `10 GiB` / `500 MB` (IEC and SI units).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawSize {
    Bytes(i64),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    name: Option<String>,
    action: Spanned<String>,
    buckets: Option<Spanned<Vec<String>>>,
    kinds: Option<Spanned<Vec<String>>>,
    sources: Option<Spanned<Vec<String>>>,
    packages: Option<Spanned<Vec<String>>>,
    versions: Option<Spanned<String>>,
    status: Option<Spanned<Vec<String>>>,
    min_size: Option<Spanned<RawSize>>,
    older_than: Option<Spanned<String>>,
    keep_latest: Option<Spanned<i64>>,
    max_size: Option<Spanned<RawSize>>,
    min_free: Option<Spanned<RawSize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    description: Option<String>,
    base: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
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
fn toml_error(e: &toml::de::Error, text: &str, file: &str) -> Error {
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
fn validate(raw: RawPolicy, text: &str, name: &str, file: &str, layer: &str) -> Result<Policy> {
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let err = |offset: usize, key: &str, message: String| Error::Policy {
        file: file.to_string(),
        line: line(offset),
        key: key.to_string(),
        message,
    };
    let base = match raw
        .base
        .as_ref()
        .map(|b| (b.get_ref().as_str(), b.span().start))
    {
        None | Some(("none", _)) => Base::None,
        Some(("prune", _)) => Base::Prune,
        Some(("prune-ci", _)) => Base::PruneCi,
        Some((other, at)) => {
            return Err(err(
                at,
                "base",
                format!("unknown base `{other}`: expected none, prune or prune-ci"),
            ));
        }
    };
    let mut rules = Vec::new();
    for (i, spanned) in raw.rules.iter().enumerate() {
        let at = spanned.span().start;
        let raw = spanned.get_ref();
        let names = |key: &str, list: &Option<Spanned<Vec<String>>>| -> Result<Vec<String>> {
            Ok(list
                .as_ref()
                .map(|l| l.get_ref().clone())
                .unwrap_or_default())
            .and_then(|l| {
                if list.as_ref().is_some_and(|l| l.get_ref().is_empty()) {
                    Err(err(
                        list.as_ref().map_or(at, |l| l.span().start),
                        key,
                        "an empty list selects nothing; leave the key out to select everything"
                            .into(),
                    ))
                } else {
                    Ok(l)
                }
            })
        };
        let lookup =
            |key: &str, list: &Option<Spanned<Vec<String>>>, known: &[&str]| -> Result<()> {
                for value in names(key, list)? {
                    if !known.contains(&value.as_str()) {
                        return Err(err(
                            list.as_ref().map_or(at, |l| l.span().start),
                            key,
                            format!(
                                "unknown value `{value}` (expected one of: {})",
                                known.join(", ")
                            ),
                        ));
                    }
                }
                Ok(())
            };
        lookup("buckets", &raw.buckets, &crate::layout::BUCKET_NAMES)?;
        lookup("kinds", &raw.kinds, &EntryKind::NAMES)?;
        lookup("sources", &raw.sources, &Source::NAMES)?;
        lookup("status", &raw.status, &Status::NAMES)?;
        let mut packages = Vec::new();
        for pattern in names("packages", &raw.packages)? {
            let normalized =
                crate::layout::normalize_name(&pattern.replace('*', "\u{0}")).replace('\u{0}', "*");
            let glob = glob::Pattern::new(&normalized).map_err(|e| {
                err(
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
                VersionRange::parse(v.get_ref()).map_err(|m| err(v.span().start, "versions", m))?,
            ),
        };
        let size = |key: &str, value: &Option<Spanned<RawSize>>| -> Result<Option<u64>> {
            let Some(value) = value else { return Ok(None) };
            parse_size(value.get_ref())
                .map(Some)
                .map_err(|m| err(value.span().start, key, m))
        };
        let selector = Selector {
            buckets: names("buckets", &raw.buckets)?
                .iter()
                .filter_map(|b| Bucket::from_prefix(b))
                .collect(),
            kinds: names("kinds", &raw.kinds)?
                .iter()
                .filter_map(|k| EntryKind::from_name(k))
                .collect(),
            sources: names("sources", &raw.sources)?
                .iter()
                .filter_map(|s| Source::from_name(s))
                .collect(),
            packages,
            versions,
            status: names("status", &raw.status)?
                .iter()
                .filter_map(|s| Status::from_name(s))
                .collect(),
            min_size: size("min-size", &raw.min_size)?,
        };
        let mut conditions = Vec::new();
        if let Some(d) = &raw.older_than {
            let duration = humantime::parse_duration(d.get_ref()).map_err(|e| {
                err(
                    d.span().start,
                    "older-than",
                    format!(
                        "`{}` is not a duration such as \"30 days\" ({e})",
                        d.get_ref()
                    ),
                )
            })?;
            conditions.push(("older-than", d.span().start, Action::OlderThan(duration)));
        }
        if let Some(n) = &raw.keep_latest {
            let count = usize::try_from(*n.get_ref())
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    err(
                        n.span().start,
                        "keep-latest",
                        format!("{} is not a positive number of versions", n.get_ref()),
                    )
                })?;
            conditions.push(("keep-latest", n.span().start, Action::KeepLatest(count)));
        }
        if let Some(bytes) = size("max-size", &raw.max_size)? {
            conditions.push(("max-size", at, Action::MaxSize(bytes)));
        }
        if let Some(bytes) = size("min-free", &raw.min_free)? {
            conditions.push(("min-free", at, Action::MinFree(bytes)));
        }
        let action = match (raw.action.get_ref().as_str(), conditions.len()) {
            ("keep", 0) => Action::Keep,
            ("keep", _) => {
                let (key, offset, _) = &conditions[0];
                return Err(err(
                    *offset,
                    key,
                    format!("`{key}` contradicts action = \"keep\": a keep rule has no condition"),
                ));
            }
            ("evict", 0) => Action::Evict,
            ("evict", 1) => conditions.remove(0).2,
            ("evict", _) => {
                let (key, offset, _) = &conditions[1];
                return Err(err(
                    *offset,
                    key,
                    format!(
                        "a rule has one condition; `{}` and `{key}` contradict, split them into two rules",
                        conditions[0].0
                    ),
                ));
            }
            (other, _) => {
                return Err(err(
                    raw.action.span().start,
                    "action",
                    format!("unknown action `{other}`: expected keep or evict"),
                ));
            }
        };
        rules.push(Rule {
            name: raw.name.clone(),
            selector,
            action,
            origin: RuleOrigin {
                file: file.to_string(),
                layer: layer.to_string(),
                index: i + 1,
                line: line(at),
            },
        });
    }
    // A rule that evicts only what an earlier identical keep rule protects can never act.
    for (i, rule) in rules.iter().enumerate() {
        if rule.action != Action::Keep
            && let Some(keep) = rules
                .iter()
                .find(|k| k.action == Action::Keep && k.selector == rule.selector)
        {
            let at = raw.rules[i].span().start;
            return Err(err(
                at,
                "action",
                format!(
                    "rule {} evicts exactly what rule {} keeps: they contradict",
                    i + 1,
                    keep.origin.index
                ),
            ));
        }
    }
    Ok(Policy {
        name: name.to_string(),
        description: raw.description.unwrap_or_default(),
        base,
        rules,
    })
}

/// Parses a size: an integer of bytes, or `10 GiB`, `500MB`, `1.5 GB` (IEC and SI distinct).
pub fn parse_size_text(text: &str) -> std::result::Result<u64, String> {
    parse_size(&RawSize::Text(text.to_string()))
}

fn parse_size(value: &RawSize) -> std::result::Result<u64, String> {
    match value {
        RawSize::Bytes(n) => {
            u64::try_from(*n).map_err(|_| format!("{n} is negative: a size is at least 0 bytes"))
        }
        RawSize::Text(text) => {
            let trimmed = text.trim();
            if trimmed.starts_with('-') {
                return Err(format!("`{text}` is negative: a size is at least 0 bytes"));
            }
            trimmed
                .parse::<bytesize::ByteSize>()
                .map(|b| b.as_u64())
                .map_err(|e| {
                    format!("`{text}` is not a size such as \"10 GiB\" or \"500 MB\" ({e})")
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

/// What a policy decided for one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Stays.
    Keep,
    /// Goes.
    Evict,
}

/// One entry's decision and the rule behind it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Index into the inventory's entries.
    pub entry: usize,
    /// Keep or evict.
    pub verdict: Verdict,
    /// The rule that decided (`None`: the base pass, or no rule applied).
    pub rule: Option<usize>,
    /// Why, in words.
    pub reason: Arc<str>,
}

/// The result of evaluating a policy: a decision per entry, the removal plan, warnings.
#[derive(Debug)]
pub struct Evaluation {
    /// One decision per inventory entry, in inventory order.
    pub decisions: Vec<Decision>,
    /// The paths to remove, in dependency order.
    pub plan: Plan,
    /// Budgets that kept entries prevented from meeting, and similar notes.
    pub warnings: Vec<String>,
    /// Estimated disk usage after the plan.
    pub size_after: u64,
}

/// A decision while rules are still being applied: verdict, deciding rule, reason.
type Pending = (Verdict, Option<usize>, Arc<str>);

/// Entries a policy may never touch: markers, and buckets of a newer uv.
fn untouchable(entry: &Entry) -> bool {
    entry.kind == EntryKind::Marker || entry.status == Status::Newer
}

/// Evaluates `policy` over an inventory at instant `clock`, with `free` bytes free on the disk.
pub fn evaluate(
    policy: &Policy,
    inventory: &Inventory,
    clock: Clock,
    free: Option<u64>,
) -> Evaluation {
    let entries = &inventory.entries;
    let base_plan = match policy.base {
        Base::None => None,
        Base::Prune => Some(plan::plan(inventory, Operation::Prune { ci: false })),
        Base::PruneCi => Some(plan::plan(inventory, Operation::Prune { ci: true })),
    };
    let base_items: BTreeSet<String> = base_plan
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.path.clone()))
        .collect();
    let base_removes = |entry: &Entry| covered(&base_items, &entry.path);
    let base_reason: Arc<str> = if policy.base == Base::PruneCi {
        "base: uv cache prune --ci".into()
    } else {
        "base: uv cache prune".into()
    };
    let mut verdict: Vec<Option<Pending>> = entries
        .iter()
        .map(|e| {
            if base_removes(e) {
                Some((Verdict::Evict, None, base_reason.clone()))
            } else if untouchable(e) {
                Some((
                    Verdict::Keep,
                    None,
                    if e.status == Status::Newer {
                        "bucket of a newer uv".into()
                    } else {
                        "marker".into()
                    },
                ))
            } else {
                None
            }
        })
        .collect();
    let mut warnings = Vec::new();
    // Keep rules protect wherever they stand.
    let kept_reason: Arc<str> = "kept by rule".into();
    for (i, entry) in entries.iter().enumerate() {
        if verdict[i].is_none()
            && let Some((r, _)) = policy
                .rules
                .iter()
                .enumerate()
                .find(|(_, r)| r.action == Action::Keep && r.selector.matches(entry))
        {
            verdict[i] = Some((Verdict::Keep, Some(r), kept_reason.clone()));
        }
    }
    let kept = |v: &Option<Pending>| matches!(v, Some((Verdict::Keep, ..)));
    // Age and count rules, in order.
    for (r, rule) in policy
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.action.is_size() && r.action != Action::Keep)
    {
        match &rule.action {
            Action::Evict | Action::OlderThan(_) => {
                let older_limit =
                    |age: Duration| clock.0.checked_sub(age).unwrap_or(SystemTime::UNIX_EPOCH);
                let old_reason: Arc<str> = match rule.action {
                    Action::OlderThan(age) => format!(
                        "unused since before {}",
                        humantime::format_rfc3339_seconds(older_limit(age))
                    )
                    .into(),
                    _ => "selected".into(),
                };
                for (i, entry) in entries.iter().enumerate() {
                    if verdict[i].is_some() || !rule.selector.matches(entry) {
                        continue;
                    }
                    match &rule.action {
                        Action::OlderThan(age) => {
                            if entry.last_use.is_some_and(|t| t < older_limit(*age)) {
                                verdict[i] = Some((Verdict::Evict, Some(r), old_reason.clone()));
                            }
                        }
                        _ => verdict[i] = Some((Verdict::Evict, Some(r), "selected".into())),
                    }
                }
            }
            Action::KeepLatest(n) => {
                let latest_reason: Arc<str> = format!("older than the {n} newest versions").into();
                // Packages numbered once (a hash per entry), then one sort on integers: by
                // package, newest version first, text comparison only for equal keys.
                let mut ids: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
                let mut candidates: Vec<(u32, VersionKey, &str, usize)> = entries
                    .iter()
                    .enumerate()
                    .filter(|(i, e)| {
                        !matches!(verdict[*i], Some((Verdict::Evict, ..)))
                            && rule.selector.matches(e)
                    })
                    .filter_map(|(i, e)| {
                        let package = e.package.as_deref()?;
                        let version = e.version.as_deref()?;
                        let next = ids.len() as u32;
                        let id = *ids.entry(package).or_insert(next);
                        Some((id, VersionKey::of(version), version, i))
                    })
                    .collect();
                candidates.sort_unstable_by(|a, b| {
                    a.0.cmp(&b.0)
                        .then_with(|| b.1.cmp(&a.1))
                        .then_with(|| compare_versions(b.2, a.2))
                });
                let mut last: Option<(u32, VersionKey, &str)> = None;
                let mut rank = 0usize;
                for &(id, key, v, i) in &candidates {
                    match last {
                        Some((p, k, version))
                            if p == id
                                && (k != key
                                    || compare_versions(v, version) != Ordering::Equal) =>
                        {
                            rank += 1
                        }
                        Some((p, ..)) if p == id => {}
                        _ => rank = 1,
                    }
                    last = Some((id, key, v));
                    if rank > *n && verdict[i].is_none() {
                        verdict[i] = Some((Verdict::Evict, Some(r), latest_reason.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    // Size rules, in order, least recently used first.
    let evicted_disk = |verdict: &[Option<Pending>]| -> u64 {
        entries
            .iter()
            .zip(verdict)
            .filter(|(_, v)| matches!(v, Some((Verdict::Evict, ..))))
            .map(|(e, _)| e.disk)
            .sum()
    };
    for (r, rule) in policy
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.action.is_size())
    {
        let lru_reason: Arc<str> = "least recently used over budget".into();
        // Sort keys packed beside the index (entries are large: indirect keys miss the cache).
        // No last use sorts first, as `None < Some`; entries are sorted by path, so the index
        // breaks ties by path without comparing text.
        let mut order: Vec<(u64, u32, usize)> = (0..entries.len())
            .filter(|&i| verdict[i].is_none() && rule.selector.matches(&entries[i]))
            .map(|i| {
                let since = entries[i]
                    .last_use
                    .map(|t| t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default());
                since.map_or((0, 0, i), |d| (d.as_secs() + 1, d.subsec_nanos(), i))
            })
            .collect();
        order.sort_unstable();
        let order = order.into_iter().map(|(.., i)| i);
        let freed = evicted_disk(&verdict);
        let (mut value, target, over): (u64, u64, fn(u64, u64) -> bool) = match rule.action {
            Action::MaxSize(max) => (inventory.total_disk.saturating_sub(freed), max, |v, t| {
                v > t
            }),
            Action::MinFree(min) => (
                free.unwrap_or(u64::MAX).saturating_add(freed),
                min,
                |v, t| v < t,
            ),
            _ => continue,
        };
        for i in order {
            if !over(value, target) {
                break;
            }
            verdict[i] = Some((Verdict::Evict, Some(r), lru_reason.clone()));
            value = match rule.action {
                Action::MaxSize(_) => value.saturating_sub(entries[i].disk),
                _ => value.saturating_add(entries[i].disk),
            };
        }
        if over(value, target) {
            let kept_bytes: u64 = entries
                .iter()
                .zip(&verdict)
                .filter(|(e, v)| kept(v) && rule.selector.matches(e))
                .map(|(e, _)| e.disk)
                .sum();
            warnings.push(format!(
                "rule {} ({}) not met: {} left, {} of it kept by keep rules or never touched",
                r + 1,
                rule.describe(),
                crate::removal::human_bytes(value),
                crate::removal::human_bytes(kept_bytes)
            ));
        }
    }
    let no_rule: Arc<str> = "no rule applies".into();
    let decisions: Vec<Decision> = verdict
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let (verdict, rule, reason) =
                v.unwrap_or_else(|| (Verdict::Keep, None, no_rule.clone()));
            Decision {
                entry: i,
                verdict,
                rule,
                reason,
            }
        })
        .collect();
    let plan = removal_plan(inventory, &decisions, base_plan);
    let evicted: u64 = decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Evict)
        .map(|d| entries[d.entry].disk)
        .sum();
    let size_after = inventory.total_disk.saturating_sub(evicted);
    Evaluation {
        decisions,
        plan,
        warnings,
        size_after,
    }
}

/// Paths to remove for the evicted entries: each entry's path and its grouped pointer files
/// (known from the walk, no file system access), then archives that every linking entry is
/// evicted from. Order: the base pass's pointers, the evicted entries, then all archives.
fn removal_plan(inventory: &Inventory, decisions: &[Decision], base: Option<Plan>) -> Plan {
    let base_items = base.map(|p| p.items).unwrap_or_default();
    let base_paths: BTreeSet<String> = base_items.iter().map(|i| i.path.clone()).collect();
    let (base_archives, mut items): (Vec<PlanItem>, Vec<PlanItem>) = base_items
        .into_iter()
        .partition(|i| i.reason == Reason::DanglingArchive);
    let evicted: Vec<bool> = decisions
        .iter()
        .map(|d| d.verdict == Verdict::Evict)
        .collect();
    // Evicted entries come in path order, so a package's entries are mostly adjacent: reuse
    // the previous item's name rather than allocating one per item.
    let mut last_package: Option<Arc<str>> = None;
    for decision in decisions.iter().filter(|d| d.verdict == Verdict::Evict) {
        let entry = &inventory.entries[decision.entry];
        if covered(&base_paths, &entry.path) {
            continue;
        }
        // One item for the entry and its pointer files.
        items.push(PlanItem {
            path: entry.path.clone(),
            reason: Reason::PolicyEvict,
            entry: Some(Arc::from(entry.path.as_str())),
            package: match (&last_package, entry.package.as_deref()) {
                (Some(last), Some(p)) if &**last == p => Some(last.clone()),
                (_, p) => {
                    last_package = p.map(Arc::from);
                    last_package.clone()
                }
            },
            version: entry.version.as_deref().map(Arc::from),
            kind: Some(entry.kind),
            removal: None,
            members: entry.members,
        });
    }
    items.extend(base_archives);
    // Archives whose every linking entry goes (and that the base pass does not remove anyway):
    // per archive, links seen, links gone, and the first link's position, so that archives
    // come out in the order of the entries linking to them without a second lookup each.
    let mut referrers: foldhash::HashMap<&str, (u32, u32, usize)> =
        foldhash::HashMap::with_capacity_and_hasher(inventory.entries.len(), Default::default());
    let mut position = 0usize;
    for (i, entry) in inventory.entries.iter().enumerate() {
        for (link, target) in &entry.reference_links {
            let counts = referrers.entry(target.as_str()).or_insert((0, 0, position));
            position += 1;
            counts.0 += 1;
            if evicted[i] || covered(&base_paths, link) {
                counts.1 += 1;
            }
        }
    }
    let mut archives: Vec<(usize, &str)> = referrers
        .into_iter()
        .filter(|(target, (seen, gone, _))| seen == gone && !covered(&base_paths, target))
        .map(|(target, (.., first))| (first, target))
        .collect();
    archives.sort_unstable_by_key(|(first, _)| *first);
    let archives = archives.into_iter().map(|(_, archive)| archive);
    items.extend(archives.map(|archive| PlanItem {
        path: archive.to_string(),
        reason: Reason::DanglingArchive,
        entry: None,
        package: None,
        version: None,
        kind: Some(EntryKind::Archive),
        removal: None,
        members: 0,
    }));
    Plan {
        operation: Operation::Prune { ci: false },
        items,
        collect_files: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::LastUseSource;

    const DAY: Duration = Duration::from_secs(86_400);

    #[test]
    fn builtin_policies_parse() {
        for (name, text) in BUILTIN {
            let policy = parse(text, name, &format!("builtin:{name}"), "builtin")
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!policy.description.is_empty(), "{name}");
        }
        assert_eq!(builtin("default").unwrap().base, Base::Prune);
        assert_eq!(builtin("ci").unwrap().base, Base::PruneCi);
        assert!(
            builtin("laptop")
                .unwrap()
                .rules
                .iter()
                .any(|r| r.action == Action::MaxSize(10 << 30))
        );
    }

    fn error(text: &str) -> (usize, String, String) {
        match parse(text, "t", "t.toml", "project") {
            Err(Error::Policy {
                file,
                line,
                key,
                message,
            }) => {
                assert_eq!(file, "t.toml");
                (line, key, message)
            }
            other => panic!("expected a policy error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn bad_policies_name_file_line_and_key() {
        let (line, key, msg) = error("[[rules]]\naction = \"evict\"\nolder-then = \"3 days\"\n");
        assert_eq!((line, key.as_str()), (3, "older-then"), "{msg}");
        let (line, key, _) = error("[[rules]]\naction = \"evict\"\nmax-size = \"-5 GiB\"\n");
        assert_eq!((line, key.as_str()), (3, "max-size"));
        let (_, key, msg) = error("[[rules]]\naction = \"evict\"\nmax-size = -1\n");
        assert_eq!(key, "max-size");
        assert!(msg.contains("negative"), "{msg}");
        let (line, key, _) = error("[[rules]]\naction = \"evict\"\n\n\nolder-than = \"soon\"\n");
        assert_eq!((line, key.as_str()), (5, "older-than"));
        let (_, key, msg) = error("[[rules]]\naction = \"evict\"\nbuckets = [\"wheelz\"]\n");
        assert_eq!(key, "buckets");
        assert!(msg.contains("wheelz") && msg.contains("wheels"), "{msg}");
        let (_, key, _) = error("[[rules]]\naction = \"evict\"\npackages = [\"[torch\"]\n");
        assert_eq!(key, "packages");
        let (_, key, _) =
            error("[[rules]]\naction = \"evict\"\nolder-than = \"3 days\"\nmax-size = \"1 GiB\"\n");
        assert_eq!(key, "max-size");
        let (_, key, _) = error("[[rules]]\naction = \"keep\"\nolder-than = \"3 days\"\n");
        assert_eq!(key, "older-than");
        let (_, key, _) = error(
            "[[rules]]\naction = \"keep\"\nkinds = [\"sdist\"]\n[[rules]]\naction = \"evict\"\nkinds = [\"sdist\"]\n",
        );
        assert_eq!(key, "action");
        let (_, key, _) = error("[[rules]]\naction = \"evict\"\nkeep-latest = 0\n");
        assert_eq!(key, "keep-latest");
        let (_, key, _) = error("[[rules]]\naction = \"evict\"\nversions = \">=3, <2\"\n");
        assert_eq!(key, "versions");
        let (line, key, _) = error("[[rules]]\naction = \"evict\"\nkinds = 3\n");
        assert_eq!((line, key.as_str()), (3, "kinds"));
        let (line, key, _) = error("base = \"prune-everything\"\n");
        assert_eq!((line, key.as_str()), (1, "base"));
        let (_, _, msg) = error("[[rules]]\naction = \"evict\"\nmax-size = \"10 GiB\"\n[[rules]\n");
        assert!(!msg.is_empty());
    }

    #[test]
    fn sizes_keep_si_and_iec_apart() {
        assert_eq!(parse_size_text("10 GiB").unwrap(), 10 << 30);
        assert_eq!(parse_size_text("10 GB").unwrap(), 10_000_000_000);
        assert_eq!(parse_size_text("512").unwrap(), 512);
        assert!(parse_size_text("lots").is_err());
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("2.0", "2"), Ordering::Equal);
    }

    /// Entries as a small world: wheels linking to archives, with sizes and last uses.
    fn world(root: &Path, specs: &[(&str, &str, u64, u64, bool)]) -> Inventory {
        let now = SystemTime::UNIX_EPOCH + 1000 * DAY;
        let mut entries = Vec::new();
        for (package, version, size, age_days, linked) in specs {
            let path = format!("wheels-v7/pypi/{package}/{version}-py3-none-any");
            let archive = format!("archive-v0/{package}{version}");
            std::fs::create_dir_all(root.join(&path).parent().unwrap()).unwrap();
            std::fs::write(root.join(format!("{path}.http")), b"x").unwrap();
            std::fs::create_dir_all(root.join(&archive)).unwrap();
            if *linked {
                std::os::unix::fs::symlink(format!("../../../{archive}"), root.join(&path))
                    .unwrap();
            }
            entries.push(Entry {
                path: path.clone(),
                bucket: Some(Bucket::Wheels),
                bucket_version: Some(7),
                kind: EntryKind::RegistryWheel,
                source: Some(Source::Pypi),
                package: Some(package.to_string()),
                version: Some(version.to_string()),
                digest: None,
                disk: *size,
                apparent: *size,
                shared: 0,
                files: 2,
                modified: Some(now - DAY * *age_days as u32),
                last_use: Some(now - DAY * *age_days as u32),
                last_use_source: LastUseSource::Mtime,
                references: if *linked {
                    vec![archive.clone()]
                } else {
                    vec![]
                },
                external_links: vec![],
                reference_links: if *linked {
                    vec![(path.clone(), archive)]
                } else {
                    vec![]
                },
                reclaimable: *size,
                status: Status::Live,
                members: 1 | 2,
            });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let total_disk = entries.iter().map(|e| e.disk).sum();
        Inventory {
            root: root.to_path_buf(),
            entries,
            top: vec![],
            total_disk,
            root_disk: 0,
            issues: vec![],
        }
    }

    fn evicted(eval: &Evaluation, inv: &Inventory) -> Vec<String> {
        eval.decisions
            .iter()
            .filter(|d| d.verdict == Verdict::Evict)
            .map(|d| inv.entries[d.entry].path.clone())
            .collect()
    }

    #[test]
    fn age_count_and_size_rules_with_an_injected_clock() {
        let tmp = tempfile::tempdir().unwrap();
        let inv = world(
            tmp.path(),
            &[
                ("a", "1.0", 100, 5, true),
                ("a", "2.0", 100, 50, true),
                ("a", "3.0", 100, 1, true),
                ("b", "1.0", 300, 200, true),
            ],
        );
        let clock = Clock(SystemTime::UNIX_EPOCH + 1000 * DAY);
        let policy = parse(
            "[[rules]]\naction = \"evict\"\nolder-than = \"30 days\"\n",
            "t",
            "t.toml",
            "project",
        )
        .unwrap();
        let eval = evaluate(&policy, &inv, clock, None);
        assert_eq!(
            evicted(&eval, &inv),
            vec![
                "wheels-v7/pypi/a/2.0-py3-none-any",
                "wheels-v7/pypi/b/1.0-py3-none-any"
            ]
        );
        // The archives go with their only pointers; the pointer files too.
        assert!(
            eval.plan
                .items
                .iter()
                .any(|i| i.path == "archive-v0/b1.0" && i.reason == Reason::DanglingArchive)
        );
        assert!(eval.plan.items.iter().any(|i| {
            i.paths()
                .contains(&"wheels-v7/pypi/b/1.0-py3-none-any.http".to_string())
        }));
        let policy = parse(
            "[[rules]]\naction = \"evict\"\nkeep-latest = 1\n",
            "t",
            "t.toml",
            "project",
        )
        .unwrap();
        let eval = evaluate(&policy, &inv, clock, None);
        assert_eq!(
            evicted(&eval, &inv),
            vec![
                "wheels-v7/pypi/a/1.0-py3-none-any",
                "wheels-v7/pypi/a/2.0-py3-none-any"
            ]
        );
        // Size: least recently used first until 300 bytes fit; the kept one survives with a warning.
        let policy = parse(
            "[[rules]]\naction = \"keep\"\npackages = [\"b\"]\n[[rules]]\naction = \"evict\"\nmax-size = 300\n",
            "t",
            "t.toml",
            "project",
        )
        .unwrap();
        let eval = evaluate(&policy, &inv, clock, None);
        assert_eq!(
            evicted(&eval, &inv),
            vec![
                "wheels-v7/pypi/a/1.0-py3-none-any",
                "wheels-v7/pypi/a/2.0-py3-none-any",
                "wheels-v7/pypi/a/3.0-py3-none-any"
            ]
        );
        assert_eq!(eval.warnings.len(), 0, "300 bytes of b fit exactly");
        let policy = parse("[[rules]]\naction = \"keep\"\npackages = [\"b\"]\n[[rules]]\naction = \"evict\"\nmax-size = 200\n", "t", "t.toml", "project").unwrap();
        let eval = evaluate(&policy, &inv, clock, None);
        assert_eq!(eval.warnings.len(), 1, "{:?}", eval.warnings);
        assert!(
            eval.decisions
                .iter()
                .all(|d| inv.entries[d.entry].package.as_deref() != Some("b")
                    || d.verdict == Verdict::Keep)
        );
    }

    /// Random worlds and random policies: a kept entry is never evicted, and no surviving
    /// pointer loses its archive.
    #[test]
    fn property_no_dangling_pointer_no_kept_entry_evicted() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let clock = Clock(SystemTime::UNIX_EPOCH + 1000 * DAY);
        for round in 0..40 {
            let tmp = tempfile::tempdir().unwrap();
            let names = ["a", "b", "c", "d"];
            let count = 2 + next(8) as usize;
            let specs: Vec<(String, String, u64, u64, bool)> = (0..count)
                .map(|i| {
                    (
                        names[next(4) as usize].to_string(),
                        format!("{}.{i}", next(3)),
                        1 + next(1000),
                        next(400),
                        next(5) != 0,
                    )
                })
                .collect();
            let borrowed: Vec<(&str, &str, u64, u64, bool)> = specs
                .iter()
                .map(|(a, b, c, d, e)| (a.as_str(), b.as_str(), *c, *d, *e))
                .collect();
            let inv = world(tmp.path(), &borrowed);
            // Some entries share an archive: point a second link at the first entry's archive.
            let mut inv = inv;
            if inv.entries.len() > 2 && !inv.entries[0].references.is_empty() {
                let shared = inv.entries[0].references[0].clone();
                let link = inv.entries[1].path.clone();
                inv.entries[1].reference_links = vec![(link, shared.clone())];
                inv.entries[1].references = vec![shared];
            }
            let mut text = String::new();
            for _ in 0..1 + next(4) {
                text += "[[rules]]\n";
                text += match next(5) {
                    0 => "action = \"keep\"\n",
                    1 => "action = \"evict\"\nolder-than = \"100 days\"\n",
                    2 => "action = \"evict\"\nkeep-latest = 1\n",
                    3 => "action = \"evict\"\nmax-size = 700\n",
                    _ => "action = \"evict\"\n",
                };
                text += &format!("packages = [\"{}\"]\n", names[next(4) as usize]);
            }
            let Ok(policy) = parse(&text, "random", "random.toml", "test") else {
                continue;
            };
            let eval = evaluate(&policy, &inv, clock, None);
            let removed: BTreeSet<&str> = eval.plan.items.iter().map(|i| i.path.as_str()).collect();
            for decision in &eval.decisions {
                let entry = &inv.entries[decision.entry];
                let keep_rule = policy
                    .rules
                    .iter()
                    .any(|r| r.action == Action::Keep && r.selector.matches(entry));
                assert!(
                    !(keep_rule && decision.verdict == Verdict::Evict),
                    "round {round}: kept entry evicted\n{text}"
                );
                if decision.verdict == Verdict::Keep {
                    assert!(
                        !removed.contains(entry.path.as_str()),
                        "round {round}: kept pointer removed"
                    );
                    for (_, archive) in &entry.reference_links {
                        assert!(
                            !removed.contains(archive.as_str()),
                            "round {round}: archive of a kept pointer removed\n{text}"
                        );
                    }
                } else {
                    assert!(
                        removed.contains(entry.path.as_str())
                            || !tmp.path().join(&entry.path).exists(),
                        "round {round}: evicted entry not in plan"
                    );
                }
            }
        }
    }
}

/// Free bytes on the file system holding `path` (for `min-free`).
pub fn free_space(path: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(path).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// What a policy run returns besides the removal: every decision, and the warnings.
#[derive(Debug)]
pub struct PolicyReport {
    /// Decisions with the entries they are about.
    pub decisions: Vec<(Entry, Decision)>,
    /// Budgets not met and similar notes.
    pub warnings: Vec<String>,
    /// Estimated size after the run.
    pub size_after: u64,
}

/// Evaluates `policy` on the cache at `root` and applies it (or, for a dry run, only plans),
/// under uv's lock; see [`plan::execute_with`].
pub fn execute(
    root: &Path,
    policy: &Policy,
    clock: Clock,
    options: &plan::RunOptions<'_>,
) -> Result<Option<(plan::Outcome, PolicyReport)>> {
    let free = free_space(root);
    plan::execute_with(root, options, |inventory| {
        let eval = evaluate(policy, inventory, clock, free);
        let decisions = eval
            .decisions
            .iter()
            .map(|d| (inventory.entries[d.entry].clone(), d.clone()))
            .collect();
        (
            eval.plan,
            PolicyReport {
                decisions,
                warnings: eval.warnings,
                size_after: eval.size_after,
            },
        )
    })
}

/// Policy settings given on the command line.
#[derive(Debug, Clone, Default)]
pub struct PolicyFlags {
    /// `--policy NAME|FILE`.
    pub policy: Option<String>,
    /// `--max-size SIZE`.
    pub max_size: Option<String>,
    /// `--older-than DURATION`.
    pub older_than: Option<String>,
    /// `--keep-latest N`.
    pub keep_latest: Option<i64>,
}

/// One value of the effective policy and where it came from.
#[derive(Debug, Clone)]
pub struct Setting {
    /// `use`, `base`, `max-size`, `older-than`, `keep-latest`, or `rules[N]`.
    pub key: String,
    /// The value, as text.
    pub value: String,
    /// The layer that set it.
    pub origin: crate::config::Origin,
    /// The line in the file, when known.
    pub line: Option<usize>,
}

/// The effective policy: the policy in use, rules added by layers, shorthands, and provenance.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The merged policy, its rules in evaluation order.
    pub policy: Policy,
    /// Every value with its origin.
    pub settings: Vec<Setting>,
}

/// The `[policy]` table of a uvcache file (`[tool.uvcache.policy]` in a `pyproject.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayer {
    #[serde(rename = "use")]
    use_: Option<Spanned<String>>,
    max_size: Option<Spanned<RawSize>>,
    older_than: Option<Spanned<String>>,
    keep_latest: Option<Spanned<i64>>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

/// A layer's policy values as text, for merging.
struct LayerValues {
    origin: crate::config::Origin,
    use_: Option<(String, usize)>,
    max_size: Option<(String, usize)>,
    older_than: Option<(String, usize)>,
    keep_latest: Option<(String, usize)>,
    rules: Vec<Rule>,
    dir: std::path::PathBuf,
}

fn read_layer(layer: crate::config::Layer, path: &Path) -> Result<Option<LayerValues>> {
    use crate::config::Origin;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file = path.display().to_string();
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let to_err = |e: toml::de::Error| toml_error(&e, &text, &file);
    // Only the policy table is read here; the rest of the file is configuration's business.
    let raw = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let doc: toml::Value = toml::from_str(&text).map_err(to_err)?;
        let has_policy = doc
            .get("tool")
            .and_then(|t| t.get("uvcache"))
            .and_then(|u| u.get("policy"))
            .is_some();
        if !has_policy {
            return Ok(None);
        }
        #[derive(Deserialize)]
        struct Lenient {
            tool: Option<LenientTool>,
        }
        #[derive(Deserialize)]
        struct LenientTool {
            uvcache: Option<LenientFile>,
        }
        #[derive(Deserialize)]
        struct LenientFile {
            policy: Option<RawLayer>,
        }
        toml::from_str::<Lenient>(&text)
            .map_err(to_err)?
            .tool
            .and_then(|t| t.uvcache)
            .and_then(|u| u.policy)
    } else {
        #[derive(Deserialize)]
        struct Lenient {
            policy: Option<RawLayer>,
        }
        toml::from_str::<Lenient>(&text).map_err(to_err)?.policy
    };
    let Some(raw) = raw else { return Ok(None) };
    // Rules are validated like a policy file's, with positions in this file.
    let rules_only = RawPolicy {
        description: None,
        base: None,
        rules: raw.rules,
    };
    let policy = validate(rules_only, &text, "layer", &file, layer.name())?;
    let text_of = |s: &Option<Spanned<String>>| {
        s.as_ref()
            .map(|v| (v.get_ref().clone(), line(v.span().start)))
    };
    let size_of = |s: &Option<Spanned<RawSize>>| -> Result<Option<(String, usize)>> {
        let Some(v) = s else { return Ok(None) };
        let bytes = parse_size(v.get_ref()).map_err(|m| Error::Policy {
            file: file.clone(),
            line: line(v.span().start),
            key: "max-size".into(),
            message: m,
        })?;
        Ok(Some((bytes.to_string(), line(v.span().start))))
    };
    Ok(Some(LayerValues {
        origin: Origin {
            layer,
            file: Some(path.to_path_buf()),
            detail: None,
        },
        use_: text_of(&raw.use_),
        max_size: size_of(&raw.max_size)?,
        older_than: text_of(&raw.older_than),
        keep_latest: raw
            .keep_latest
            .as_ref()
            .map(|v| (v.get_ref().to_string(), line(v.span().start))),
        rules: policy.rules,
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
    }))
}

/// Builds the effective policy: built-in `default`, then uvcache's user and project files'
/// `[policy]` tables, then `UVCACHE_POLICY`, `UVCACHE_MAX_SIZE`, `UVCACHE_OLDER_THAN`,
/// `UVCACHE_KEEP_LATEST`, then flags. For `use` and the shorthands the highest layer wins;
/// rules of every layer apply, higher layers' first, before the used policy's own rules.
pub fn effective(config: &crate::config::Config, flags: &PolicyFlags) -> Result<Effective> {
    use crate::config::{Layer, Origin};
    let env = config.environment();
    let mut layers: Vec<LayerValues> = Vec::new();
    for (layer, path) in config.uvcache_files() {
        if let Some(values) = read_layer(*layer, path)? {
            layers.push(values);
        }
    }
    let single =
        |layer: Layer, detail: &str, key: &str, value: Option<String>| -> Option<LayerValues> {
            let value = value?;
            let mut values = LayerValues {
                origin: Origin {
                    layer,
                    file: None,
                    detail: Some(detail.to_string()),
                },
                use_: None,
                max_size: None,
                older_than: None,
                keep_latest: None,
                rules: Vec::new(),
                dir: env.cwd().to_path_buf(),
            };
            let slot = match key {
                "use" => &mut values.use_,
                "max-size" => &mut values.max_size,
                "older-than" => &mut values.older_than,
                _ => &mut values.keep_latest,
            };
            *slot = Some((value, 0));
            Some(values)
        };
    for (var, key) in [
        ("UVCACHE_POLICY", "use"),
        ("UVCACHE_MAX_SIZE", "max-size"),
        ("UVCACHE_OLDER_THAN", "older-than"),
        ("UVCACHE_KEEP_LATEST", "keep-latest"),
    ] {
        layers.extend(single(
            Layer::Environment,
            var,
            key,
            env.var(var).map(str::to_string),
        ));
    }
    for (flag, key, value) in [
        ("--policy", "use", flags.policy.clone()),
        ("--max-size", "max-size", flags.max_size.clone()),
        ("--older-than", "older-than", flags.older_than.clone()),
        (
            "--keep-latest",
            "keep-latest",
            flags.keep_latest.map(|n| n.to_string()),
        ),
    ] {
        layers.extend(single(Layer::Flag, flag, key, value));
    }
    // The highest layer that sets a key wins it.
    let winner = |get: fn(&LayerValues) -> &Option<(String, usize)>| {
        layers
            .iter()
            .rev()
            .find_map(|l| get(l).as_ref().map(|v| (v.clone(), l)))
    };
    let describe_origin = |origin: &Origin| {
        origin
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .or_else(|| origin.detail.clone())
            .unwrap_or_default()
    };
    let bad = |origin: &Origin, line: usize, key: &str, message: String| Error::Policy {
        file: describe_origin(origin),
        line,
        key: key.to_string(),
        message,
    };
    let mut settings = Vec::new();
    let (policy_name, base_policy) = match winner(|l| &l.use_) {
        Some(((name, line), layer)) => {
            let policy =
                load(&name, &layer.dir, layer.origin.layer.name()).map_err(|e| match e {
                    Error::Policy {
                        line: 0, message, ..
                    } => bad(&layer.origin, line, "use", message),
                    other => other,
                })?;
            settings.push(Setting {
                key: "use".into(),
                value: name,
                origin: layer.origin.clone(),
                line: Some(line).filter(|l| *l > 0),
            });
            (policy.name.clone(), policy)
        }
        None => {
            let policy = builtin("default").ok_or_else(|| Error::Policy {
                file: "builtin:default".into(),
                line: 0,
                key: "use".into(),
                message: "missing".into(),
            })?;
            settings.push(Setting {
                key: "use".into(),
                value: "default".into(),
                origin: Origin {
                    layer: Layer::Default,
                    file: None,
                    detail: Some("builtin".into()),
                },
                line: None,
            });
            ("default".to_string(), policy)
        }
    };
    let base_name = match base_policy.base {
        Base::None => "none",
        Base::Prune => "prune",
        Base::PruneCi => "prune-ci",
    };
    settings.push(Setting {
        key: "base".into(),
        value: base_name.into(),
        origin: settings[0].origin.clone(),
        line: None,
    });
    let mut rules: Vec<Rule> = layers.iter().rev().flat_map(|l| l.rules.clone()).collect();
    rules.extend(base_policy.rules.clone());
    let shorthand_origin = |layer: &LayerValues, line: usize| RuleOrigin {
        file: describe_origin(&layer.origin),
        layer: layer.origin.layer.name().into(),
        index: 0,
        line,
    };
    // Shorthands: one rule each, from the highest layer that sets them.
    type Shorthand = fn(&str) -> std::result::Result<(Action, String), String>;
    type LayerValue = fn(&LayerValues) -> &Option<(String, usize)>;
    let shorthands: [(&str, LayerValue, Shorthand); 3] = [
        (
            "older-than",
            |l| &l.older_than,
            |v| {
                humantime::parse_duration(v)
                    .map(|d| (Action::OlderThan(d), v.to_string()))
                    .map_err(|e| format!("`{v}` is not a duration such as \"30 days\" ({e})"))
            },
        ),
        (
            "keep-latest",
            |l| &l.keep_latest,
            |v| {
                v.parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(|n| (Action::KeepLatest(n), v.to_string()))
                    .ok_or_else(|| format!("`{v}` is not a positive number of versions"))
            },
        ),
        (
            "max-size",
            |l| &l.max_size,
            |v| parse_size_text(v).map(|b| (Action::MaxSize(b), crate::removal::human_bytes(b))),
        ),
    ];
    for (key, get, parse_value) in shorthands {
        if let Some(((value, line), layer)) = winner(get) {
            let (action, shown) =
                parse_value(&value).map_err(|m| bad(&layer.origin, line, key, m))?;
            settings.push(Setting {
                key: key.into(),
                value: shown,
                origin: layer.origin.clone(),
                line: Some(line).filter(|l| *l > 0),
            });
            rules.push(Rule {
                name: Some(key.into()),
                selector: Selector::default(),
                action,
                origin: shorthand_origin(layer, line),
            });
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        let origin = Origin {
            layer: Layer::from_name(&rule.origin.layer).unwrap_or(Layer::Default),
            file: (!rule.origin.file.starts_with("builtin:") && rule.origin.line > 0)
                .then(|| rule.origin.file.clone().into()),
            detail: rule
                .origin
                .file
                .starts_with("builtin:")
                .then(|| rule.origin.file.clone()),
        };
        settings.push(Setting {
            key: format!("rules[{}]", i + 1),
            value: rule.describe(),
            origin,
            line: Some(rule.origin.line).filter(|l| *l > 0),
        });
    }
    Ok(Effective {
        policy: Policy {
            name: policy_name,
            description: base_policy.description.clone(),
            base: base_policy.base,
            rules,
        },
        settings,
    })
}
