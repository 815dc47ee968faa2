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

//! The parts, one file each: the policy `language` (TOML, validation with file, line and
//! key), PEP 440 `versions`, `evaluate` (decisions and the removal plan), and the
//! configuration `layers` that assemble the effective policy.

mod evaluate;
mod language;
mod layers;
mod versions;

use std::time::{Duration, SystemTime};

use crate::cache::entry::{Entry, EntryKind, Source, Status};
use crate::cache::layout::Bucket;

pub use evaluate::{Decision, Evaluation, PolicyReport, Verdict, evaluate, execute, free_space};
pub use language::{BUILTIN, builtin, load, parse, parse_size_text};
pub use layers::{Effective, PolicyFlags, Setting, effective};
pub use versions::{Version, VersionOrder, VersionRange, compare_versions};

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
    /// Only entries some discovered environment uses (`true`) or none does (`false`).
    pub used: Option<bool>,
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
            && self.used.is_none_or(|u| entry.is_used() == u)
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
                format!("evict lru while size > {}", crate::text::human_bytes(*b))
            }
            Action::MinFree(b) => {
                format!("evict lru while free < {}", crate::text::human_bytes(*b))
            }
        };
        let s = &self.selector;
        let mut parts = Vec::new();
        // A list of names, when the selector has one.
        let names =
            |key: &str, names: Vec<&str>| (!names.is_empty()).then(|| format!("{key} = {names:?}"));
        parts.extend(names(
            "buckets",
            s.buckets.iter().map(|b| b.prefix()).collect(),
        ));
        parts.extend(names("kinds", s.kinds.iter().map(|k| k.name()).collect()));
        parts.extend(names(
            "sources",
            s.sources.iter().map(|k| k.name()).collect(),
        ));
        parts.extend(names(
            "packages",
            s.packages.iter().map(|p| p.as_str()).collect(),
        ));
        if let Some(r) = &s.versions {
            parts.push(format!("versions = {:?}", r.as_str()));
        }
        parts.extend(names("status", s.status.iter().map(|k| k.name()).collect()));
        if let Some(m) = s.min_size {
            parts.push(format!("min-size = {}", crate::text::human_bytes(m)));
        }
        if let Some(used) = s.used {
            parts.push(format!("used = {used}"));
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

impl Policy {
    /// Whether a rule selects on `used`: only then are environments scanned.
    pub fn needs_environments(&self) -> bool {
        self.rules.iter().any(|r| r.selector.used.is_some())
    }
}

#[cfg(test)]
mod tests;
