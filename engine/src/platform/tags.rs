//! Wheel tags (PEP 425): `python-abi-platform`, each part possibly compressed with dots
//! (`py2.py3-none-any`, `manylinux_2_17_x86_64.manylinux2014_x86_64`).
//!
//! [`Supported`] lists what one interpreter on this machine accepts, best first, in the order
//! uv and `packaging` use: the interpreter's own ABI on each platform (newest manylinux first,
//! then the plain `linux_*` tag), the stable ABI (`abi3`) of this and older minor versions, then
//! pure-Python tags for a platform, then `any`. `manylinux_X_Y` tags stop at this machine's
//! glibc, `musllinux_1_Y` at its musl, so a wheel that needs a newer libc is not accepted.
//! A plain `linux_*` tag says nothing of the libc it was built against; the remote's judgement
//! adds the builder's libc for those ([`crate::remote::fit`]).

use std::collections::HashMap;

use crate::platform::Host;
use crate::platform::python::{Implementation, Python};

/// The tags one interpreter accepts on one machine, each with its rank (0 is best).
#[derive(Debug, Clone)]
pub struct Supported {
    /// The interpreter.
    pub python: Python,
    ranks: HashMap<String, usize>,
}

impl Supported {
    /// What `python` accepts on `host`.
    pub fn new(python: &Python, host: &Host) -> Supported {
        let ranks = ordered(python, &platforms(host))
            .into_iter()
            .enumerate()
            .map(|(rank, tag)| (tag, rank))
            .collect();
        Supported {
            python: python.clone(),
            ranks,
        }
    }

    /// The best rank of any tag a compressed tag stands for; `None` if none is accepted.
    pub fn rank(&self, compressed: &str) -> Option<usize> {
        expand(compressed)
            .iter()
            .filter_map(|tag| self.ranks.get(tag).copied())
            .min()
    }
}

/// A compressed tag's parts, each set expanded: every `python-abi-platform` it stands for.
pub fn expand(compressed: &str) -> Vec<String> {
    let parts: Vec<&str> = compressed.split('-').collect();
    let [python, abi, platform] = parts[..] else {
        return Vec::new();
    };
    let mut tags = Vec::new();
    for p in python.split('.') {
        for a in abi.split('.') {
            for plat in platform.split('.') {
                tags.push(format!("{p}-{a}-{plat}"));
            }
        }
    }
    tags
}

/// The platform tags of this machine, most specific first.
pub fn platforms(host: &Host) -> Vec<String> {
    let arch = host.arch.as_str();
    let mut tags = Vec::new();
    match host.os.as_str() {
        "linux" => {
            match host
                .libc
                .as_ref()
                .map(|l| (l.family.as_str(), l.major_minor()))
            {
                Some(("glibc", Some((2, newest)))) => {
                    // manylinux2014 and older run on x86 from glibc 2.5, elsewhere from 2.17.
                    let oldest = if matches!(arch, "x86_64" | "i686") {
                        5
                    } else {
                        17
                    };
                    for minor in (oldest..=newest).rev() {
                        tags.push(format!("manylinux_2_{minor}_{arch}"));
                        let legacy = match minor {
                            17 => Some("manylinux2014"),
                            12 if oldest == 5 => Some("manylinux2010"),
                            5 => Some("manylinux1"),
                            _ => None,
                        };
                        if let Some(legacy) = legacy {
                            tags.push(format!("{legacy}_{arch}"));
                        }
                    }
                }
                Some(("musl", Some((1, newest)))) => {
                    for minor in (0..=newest).rev() {
                        tags.push(format!("musllinux_1_{minor}_{arch}"));
                    }
                }
                _ => {}
            }
            tags.push(format!("linux_{arch}"));
        }
        "macos" => {
            let (arch, formats): (&str, &[&str]) = if arch == "aarch64" {
                ("arm64", &["arm64", "universal2"])
            } else {
                (
                    "x86_64",
                    &[
                        "x86_64",
                        "intel",
                        "fat64",
                        "fat32",
                        "universal2",
                        "universal",
                    ],
                )
            };
            let (major, minor) = host.macos.unwrap_or((11, 0));
            let mut versions: Vec<(u32, u32)> =
                (11..=major.max(11)).rev().map(|m| (m, 0)).collect();
            if arch == "x86_64" {
                let top = if major == 10 { minor } else { 16 };
                versions.extend((4..=top).rev().map(|m| (10, m)));
            }
            for (major, minor) in versions {
                for format in formats {
                    tags.push(format!("macosx_{major}_{minor}_{format}"));
                }
            }
        }
        "windows" => tags.push(
            match arch {
                "x86_64" => "win_amd64",
                "aarch64" => "win_arm64",
                _ => "win32",
            }
            .to_string(),
        ),
        _ => {}
    }
    tags
}

/// Every tag `python` accepts on `platforms`, best first.
fn ordered(python: &Python, platforms: &[String]) -> Vec<String> {
    let (major, minor) = (python.major, python.minor);
    let interpreter = format!("{}{major}{minor}", python.implementation.tag());
    let mut tags = Vec::new();
    let on_each = |tags: &mut Vec<String>, python: &str, abi: &str| {
        for platform in platforms {
            tags.push(format!("{python}-{abi}-{platform}"));
        }
    };
    match python.implementation {
        Implementation::CPython => {
            let t = if python.free_threaded { "t" } else { "" };
            on_each(&mut tags, &interpreter, &format!("{interpreter}{t}"));
            if !python.free_threaded {
                on_each(&mut tags, &interpreter, "abi3");
            }
            on_each(&mut tags, &interpreter, "none");
            if !python.free_threaded && major == 3 {
                for older in (2..minor).rev() {
                    on_each(&mut tags, &format!("cp3{older}"), "abi3");
                }
            }
        }
        Implementation::PyPy => {
            // PyPy's ABI tag names its own release too; 7.3 has been current since 2020.
            on_each(&mut tags, &interpreter, &format!("pypy{major}{minor}_pp73"));
            on_each(&mut tags, &interpreter, "none");
        }
    }
    let generic: Vec<String> = std::iter::once(format!("py{major}{minor}"))
        .chain(std::iter::once(format!("py{major}")))
        .chain((0..minor).rev().map(|m| format!("py{major}{m}")))
        .collect();
    for py in &generic {
        on_each(&mut tags, py, "none");
    }
    tags.push(format!("{interpreter}-none-any"));
    for py in &generic {
        tags.push(format!("{py}-none-any"));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Libc;

    fn linux(family: &str, version: &str) -> Host {
        Host {
            os: "linux".into(),
            arch: "x86_64".into(),
            libc: Some(Libc {
                family: family.into(),
                version: version.into(),
            }),
            macos: None,
        }
    }

    fn cpython(minor: u32) -> Python {
        Python {
            implementation: Implementation::CPython,
            major: 3,
            minor,
            free_threaded: false,
            chosen_by: "test".into(),
        }
    }

    #[test]
    fn glibc_platforms_stop_at_this_machines_glibc() {
        let tags = platforms(&linux("glibc", "2.36"));
        assert_eq!(tags[0], "manylinux_2_36_x86_64");
        assert!(tags.contains(&"manylinux2014_x86_64".to_string()));
        assert!(tags.contains(&"manylinux1_x86_64".to_string()));
        assert!(!tags.contains(&"manylinux_2_37_x86_64".to_string()));
        assert_eq!(tags.last().map(String::as_str), Some("linux_x86_64"));
        let musl = platforms(&linux("musl", "1.2.4"));
        assert_eq!(
            musl,
            [
                "musllinux_1_2_x86_64",
                "musllinux_1_1_x86_64",
                "musllinux_1_0_x86_64",
                "linux_x86_64"
            ]
        );
    }

    #[test]
    fn an_interpreter_accepts_its_own_abi_first_and_pure_python_last() {
        let host = linux("glibc", "2.36");
        let py311 = Supported::new(&cpython(11), &host);
        let own = py311.rank("cp311-cp311-linux_x86_64").expect("own");
        let many = py311
            .rank("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64")
            .expect("manylinux");
        let abi3 = py311.rank("cp38-abi3-manylinux_2_17_x86_64").expect("abi3");
        let pure = py311.rank("py2.py3-none-any").expect("pure");
        assert!(
            many < own && own < abi3 && abi3 < pure,
            "{many} {own} {abi3} {pure}"
        );
        assert_eq!(py311.rank("cp312-cp312-linux_x86_64"), None);
        assert_eq!(py311.rank("cp312-abi3-manylinux_2_17_x86_64"), None);
        assert_eq!(py311.rank("cp311-cp311-manylinux_2_39_x86_64"), None);
        assert_eq!(py311.rank("cp311-cp311-musllinux_1_2_x86_64"), None);
        assert_eq!(py311.rank("cp311-cp311-macosx_11_0_arm64"), None);
        let ft = Supported::new(
            &Python {
                free_threaded: true,
                ..cpython(13)
            },
            &host,
        );
        assert!(ft.rank("cp313-cp313t-linux_x86_64").is_some());
        assert_eq!(ft.rank("cp313-cp313-linux_x86_64"), None);
        assert_eq!(ft.rank("cp310-abi3-linux_x86_64"), None);
        assert!(ft.rank("py3-none-any").is_some());
    }

    #[test]
    fn compressed_tags_expand_to_every_combination() {
        assert_eq!(expand("py2.py3-none-any"), ["py2-none-any", "py3-none-any"]);
        assert_eq!(expand("not-a-tag-at-all").len(), 0);
    }
}
