//! Package versions as PEP 440 orders them, through `pep440_rs`: pre-, post- and
//! dev-releases, epochs and local versions (`2.5.1+cu121`, common for torch builds) sort as pip
//! and uv sort them, and the `versions` selector takes full specifiers (`>=2, <3`, `~=2.1`,
//! `==2.*`, `!=2.0.1`, `>=2.0rc1`).
//!
//! Old caches hold names that are no version at all (a wheel directory read at the wrong
//! depth, a hand-made entry). Such text never panics and never matches a specifier: it sorts
//! below every valid version, so `keep-latest` evicts it first, and the evaluation reports it.

use std::cmp::Ordering;
use std::str::FromStr;

pub use pep440_rs::Version;
use pep440_rs::{Operator, VersionSpecifiers};

/// A version text as it sorts: unparseable text below every PEP 440 version (and among
/// itself by text), valid versions by PEP 440 (`2.0 == 2`, `2.0rc1 < 2.0 < 2.0.post1`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum VersionOrder {
    /// Not a PEP 440 version; the text, for a stable order and for reports.
    Invalid(String),
    /// A PEP 440 version.
    Valid(Version),
}

impl VersionOrder {
    /// Parses `text`; never fails.
    pub fn of(text: &str) -> VersionOrder {
        match Version::from_str(text) {
            Ok(version) => VersionOrder::Valid(version),
            Err(_) => VersionOrder::Invalid(text.to_string()),
        }
    }

    /// Whether the text was a PEP 440 version.
    pub fn is_valid(&self) -> bool {
        matches!(self, VersionOrder::Valid(_))
    }
}

/// Compares two version texts as [`VersionOrder`] does.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    VersionOrder::of(a).cmp(&VersionOrder::of(b))
}

/// Why a `versions` selector selects nothing it could mean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeInvalid {
    #[error("an empty version range")]
    Empty,
    #[error("`{text}` is not a PEP 440 specifier list such as `>=2, <3` or `~=2.1` ({detail})")]
    Specifiers { text: String, detail: String },
    #[error("`{0}` can match no version")]
    Unsatisfiable(String),
}

/// The `versions` selector: PEP 440 specifiers that must all hold. Pre-releases inside the
/// range are selected: the selector asks which cached entries fall in it, not what to install.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRange {
    text: String,
    specifiers: VersionSpecifiers,
}

impl VersionRange {
    /// Parses a specifier list; an error says what is wrong, in words, for a policy error.
    pub fn parse(text: &str) -> Result<VersionRange, RangeInvalid> {
        if text.trim().is_empty() {
            return Err(RangeInvalid::Empty);
        }
        let specifiers =
            VersionSpecifiers::from_str(text).map_err(|e| RangeInvalid::Specifiers {
                text: text.to_string(),
                detail: e.to_string(),
            })?;
        let range = VersionRange {
            text: text.trim().to_string(),
            specifiers,
        };
        range.check_satisfiable()?;
        Ok(range)
    }

    /// Lower bounds above upper bounds select nothing: a mistake, not a policy.
    fn check_satisfiable(&self) -> Result<(), RangeInvalid> {
        let lows = self.specifiers.iter().filter(|s| {
            matches!(
                s.operator(),
                Operator::GreaterThan | Operator::GreaterThanEqual | Operator::Equal
            )
        });
        for low in lows {
            let highs = self.specifiers.iter().filter(|s| {
                matches!(
                    s.operator(),
                    Operator::LessThan | Operator::LessThanEqual | Operator::Equal
                )
            });
            for high in highs {
                let exclusive = matches!(low.operator(), Operator::GreaterThan)
                    || matches!(high.operator(), Operator::LessThan);
                let empty = match low.version().cmp(high.version()) {
                    Ordering::Greater => true,
                    Ordering::Equal => exclusive,
                    Ordering::Less => false,
                };
                if empty {
                    return Err(RangeInvalid::Unsatisfiable(self.text.clone()));
                }
            }
        }
        Ok(())
    }

    /// Whether a version text is in the range (unparseable text never is).
    pub fn contains(&self, version: &str) -> bool {
        Version::from_str(version).is_ok_and(|v| self.contains_version(&v))
    }

    /// Whether a parsed version is in the range.
    pub fn contains_version(&self, version: &Version) -> bool {
        self.specifiers.iter().all(|s| s.contains(version))
    }

    /// The specifiers as written (trimmed), for reports.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(versions: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = versions.to_vec();
        v.sort_by(|a, b| compare_versions(a, b));
        v.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn pep440_order() {
        assert_eq!(compare_versions("2.0rc1", "2.0"), Ordering::Less);
        assert_eq!(compare_versions("2.0", "2.0.post1"), Ordering::Less);
        assert_eq!(compare_versions("1!1.0", "2.0"), Ordering::Greater);
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("2.0", "2"), Ordering::Equal);
        assert_eq!(compare_versions("2.0.dev1", "2.0a1"), Ordering::Less);
        // A local version sorts right after its public version, before the next release.
        assert_eq!(
            sorted(&["2.5.2", "2.5.1+cu121", "2.5.0", "2.5.1"]),
            ["2.5.0", "2.5.1", "2.5.1+cu121", "2.5.2"]
        );
    }

    #[test]
    fn unparseable_versions_sort_below_every_valid_one() {
        assert_eq!(
            sorted(&["1.0", "six", "0.0.1.dev0", "not a version"]),
            ["not a version", "six", "0.0.1.dev0", "1.0"]
        );
        assert!(!VersionOrder::of("six").is_valid());
        assert!(VersionOrder::of("1.0").is_valid());
    }

    #[test]
    fn full_specifier_syntax() {
        let r = VersionRange::parse("~=2.1").unwrap();
        assert!(r.contains("2.1") && r.contains("2.9.3") && !r.contains("3.0"));
        assert!(!r.contains("2.0"));
        let r = VersionRange::parse("==2.*").unwrap();
        assert!(r.contains("2.0") && r.contains("2.7.1") && !r.contains("3.0"));
        let r = VersionRange::parse(">=2, <3, !=2.0.1").unwrap();
        assert!(r.contains("2.0") && !r.contains("2.0.1") && r.contains("2.1rc1"));
        let r = VersionRange::parse(">=2.0rc1").unwrap();
        assert!(r.contains("2.0rc1") && r.contains("2.0") && !r.contains("2.0b9"));
        let r = VersionRange::parse("==2.5.1").unwrap();
        assert!(r.contains("2.5.1+cu121"), "local labels are ignored by ==");
        assert!(!r.contains("six"), "unparseable text matches nothing");
    }

    #[test]
    fn bad_ranges_are_errors() {
        assert!(VersionRange::parse(">=3, <2").is_err());
        assert!(VersionRange::parse(">2, <=2").is_err());
        assert!(VersionRange::parse("").is_err());
        assert!(VersionRange::parse("about 2").is_err());
        assert!(
            VersionRange::parse("~=2").is_err(),
            "~= needs two release parts"
        );
        assert!(VersionRange::parse(">=2, <=2").is_ok());
    }
}
