use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::*;
use crate::cache::entry::LastUseSource;
use crate::cache::inventory::Inventory;
use crate::error::Error;
use crate::removal::plan::Reason;

const DAY: Duration = Duration::from_secs(86_400);

/// A policy written in a project's `t.toml`.
fn project_policy(text: &str) -> Policy {
    parse(text, "t", "t.toml", "project").unwrap()
}

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
            std::os::unix::fs::symlink(format!("../../../{archive}"), root.join(&path)).unwrap();
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
            used_by: None,
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
    let policy = project_policy("[[rules]]\naction = \"evict\"\nolder-than = \"30 days\"\n");
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
    let policy = project_policy("[[rules]]\naction = \"evict\"\nkeep-latest = 1\n");
    let eval = evaluate(&policy, &inv, clock, None);
    assert_eq!(
        evicted(&eval, &inv),
        vec![
            "wheels-v7/pypi/a/1.0-py3-none-any",
            "wheels-v7/pypi/a/2.0-py3-none-any"
        ]
    );
    // Size: least recently used first until 300 bytes fit; the kept one survives with a warning.
    let policy = project_policy(
        "[[rules]]\naction = \"keep\"\npackages = [\"b\"]\n[[rules]]\naction = \"evict\"\nmax-size = 300\n",
    );
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
    let policy = project_policy(
        "[[rules]]\naction = \"keep\"\npackages = [\"b\"]\n[[rules]]\naction = \"evict\"\nmax-size = 200\n",
    );
    let eval = evaluate(&policy, &inv, clock, None);
    assert_eq!(eval.warnings.len(), 1, "{:?}", eval.warnings);
    assert!(eval.decisions.iter().all(
        |d| inv.entries[d.entry].package.as_deref() != Some("b") || d.verdict == Verdict::Keep
    ));
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
                    removed.contains(entry.path.as_str()) || !tmp.path().join(&entry.path).exists(),
                    "round {round}: evicted entry not in plan"
                );
            }
        }
    }
}

/// A world of linked wheels of the same size and age: only package and version differ.
fn versions_world(root: &Path, versions: &[(&str, &str)]) -> Inventory {
    let specs: Vec<(&str, &str, u64, u64, bool)> = versions
        .iter()
        .map(|(p, v)| (*p, *v, 10, 1, true))
        .collect();
    world(root, &specs)
}

#[test]
fn keep_latest_orders_by_pep440() {
    let tmp = tempfile::tempdir().unwrap();
    let inv = versions_world(
        tmp.path(),
        &[
            ("t", "2.0rc1"),
            ("t", "2.0"),
            ("t", "1.9"),
            ("u", "2.5.1"),
            ("u", "2.5.1+cu121"),
            ("u", "1!1.0"),
            ("v", "1.0"),
            ("v", "1.0.0"),
            ("v", "oddname"),
        ],
    );
    let clock = Clock(SystemTime::UNIX_EPOCH + 1000 * DAY);
    let policy = project_policy("[[rules]]\naction = \"evict\"\nkeep-latest = 1\n");
    let eval = evaluate(&policy, &inv, clock, None);
    let gone = evicted(&eval, &inv);
    let kept = |p: &str| !gone.iter().any(|g| g == p);
    // The final release, not the release candidate (nor the older release).
    assert!(kept("wheels-v7/pypi/t/2.0-py3-none-any"), "{gone:?}");
    assert!(!kept("wheels-v7/pypi/t/2.0rc1-py3-none-any"));
    assert!(!kept("wheels-v7/pypi/t/1.9-py3-none-any"));
    // An epoch beats any release without one; the local version sits beside 2.5.1.
    assert!(kept("wheels-v7/pypi/u/1!1.0-py3-none-any"));
    assert!(!kept("wheels-v7/pypi/u/2.5.1+cu121-py3-none-any"));
    // `1.0` and `1.0.0` are one version; unparseable text sorts below it and is reported.
    assert!(kept("wheels-v7/pypi/v/1.0-py3-none-any"));
    assert!(kept("wheels-v7/pypi/v/1.0.0-py3-none-any"));
    assert!(!kept("wheels-v7/pypi/v/oddname-py3-none-any"));
    assert!(
        eval.warnings
            .iter()
            .any(|w| w.contains("oddname") && w.contains("PEP 440")),
        "{:?}",
        eval.warnings
    );
    // keep-latest 2: the local version is the second newest of u.
    let policy = project_policy("[[rules]]\naction = \"evict\"\nkeep-latest = 2\n");
    let gone = evicted(&evaluate(&policy, &inv, clock, None), &inv);
    assert_eq!(
        gone.iter()
            .filter(|p| p.starts_with("wheels-v7/pypi/u/"))
            .collect::<Vec<_>>(),
        ["wheels-v7/pypi/u/2.5.1-py3-none-any"]
    );
}

#[test]
fn versions_selector_takes_pep440_specifiers() {
    let tmp = tempfile::tempdir().unwrap();
    let inv = versions_world(
        tmp.path(),
        &[
            ("t", "2.0rc1"),
            ("t", "2.0"),
            ("t", "2.3.1"),
            ("t", "3.0"),
            ("t", "odd"),
        ],
    );
    let clock = Clock(SystemTime::UNIX_EPOCH + 1000 * DAY);
    let evict = |versions: &str| {
        let text = format!("[[rules]]\naction = \"evict\"\nversions = \"{versions}\"\n");
        let policy = parse(&text, "t", "t.toml", "project").unwrap();
        let mut gone: Vec<String> = evicted(&evaluate(&policy, &inv, clock, None), &inv)
            .into_iter()
            .map(|p| {
                p.trim_start_matches("wheels-v7/pypi/t/")
                    .replace("-py3-none-any", "")
            })
            .collect();
        gone.sort();
        gone
    };
    assert_eq!(evict("==2.*"), ["2.0", "2.0rc1", "2.3.1"]);
    assert_eq!(evict("~=2.1"), ["2.3.1"]);
    assert_eq!(evict(">=2, !=2.3.1"), ["2.0", "3.0"]);
    assert_eq!(
        evict("<2.0"),
        Vec::<String>::new(),
        "2.0rc1 is a pre-release of 2.0"
    );
    assert_eq!(evict(">=2.0rc1, <2.0.1"), ["2.0", "2.0rc1"]);
    let (_, key, message) = error("[[rules]]\naction = \"evict\"\nversions = \"~=2\"\n");
    assert_eq!(key, "versions", "{message}");
}

/// `used = true|false` selects on the environments found; keep decisions name them, and an
/// entry whose use was never checked counts as used (never evicted by a `used = false` rule).
#[test]
fn the_used_selector_keeps_what_environments_use() {
    use crate::cache::{Evidence, Use};
    let tmp = tempfile::tempdir().unwrap();
    let mut inv = world(
        tmp.path(),
        &[
            ("a", "1.0", 100, 60, true),
            ("b", "1.0", 100, 60, true),
            ("c", "1.0", 100, 60, true),
            ("d", "1.0", 100, 1, true),
        ],
    );
    let policy = builtin("unused").unwrap();
    assert!(policy.needs_environments());
    assert!(!builtin("laptop").unwrap().needs_environments());
    let clock = Clock(SystemTime::UNIX_EPOCH + 1000 * DAY);
    // Not scanned: nothing is evicted for being unused.
    assert!(evicted(&evaluate(&policy, &inv, clock, None), &inv).is_empty());
    let used = |env: &str, evidence| Use {
        environment: env.into(),
        evidence,
    };
    for entry in &mut inv.entries {
        entry.used_by = Some(match entry.package.as_deref() {
            Some("a") => vec![used("/p/.venv", Evidence::Hardlink)],
            Some("b") => vec![
                used("/p/.venv", Evidence::Hardlink),
                used("/q", Evidence::Version),
            ],
            _ => vec![],
        });
    }
    let eval = evaluate(&policy, &inv, clock, None);
    // `c` is unused and 60 days old; `d` is unused but was used yesterday.
    assert_eq!(evicted(&eval, &inv), ["wheels-v7/pypi/c/1.0-py3-none-any"]);
    let reason = |package: &str| {
        eval.decisions
            .iter()
            .find(|d| inv.entries[d.entry].package.as_deref() == Some(package))
            .map(|d| d.reason.to_string())
            .unwrap()
    };
    assert_eq!(reason("a"), "used by /p/.venv (hardlink)");
    assert_eq!(reason("b"), "used by /p/.venv (hardlink), /q (version)");
    let rule = &policy.rules[1];
    assert_eq!(
        rule.describe(),
        "unused by environments for 30 days: evict older-than 30 days where used = false"
    );
    let (_, key, _) = error("[[rules]]\naction = \"evict\"\nused = \"no\"\n");
    assert_eq!(key, "used");
}
