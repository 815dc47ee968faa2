//! What a wheel needs of the machine and the interpreter that run it, and what this machine
//! offers: the operating system, CPU architecture, libc (glibc or musl) and its version, and
//! the Python implementation, version and ABI.
//!
//! - [`builder`]: the machine that built an entry, as a remote's manifest records it.
//! - [`python`]: an interpreter as the user names it (`3.12`, `pypy@3.10`, a path), and the
//!   interpreters of the environments uvcache finds.
//! - [`stamp`]: what a file's metadata says of its bytes (size, times, inode, mode).
//! - [`tags`]: the wheel tags (PEP 425) an interpreter on this machine accepts, in the order uv
//!   prefers them, and compressed tags (`py2.py3-none-any`) taken apart.
//!
//! The libc is read from the system, not from uvcache's own binary (which may be static): glibc
//! answers `getconf GNU_LIBC_VERSION`; musl's loader prints its version when run without
//! arguments.

pub mod builder;
pub mod python;
pub mod stamp;
pub mod tags;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A C library and its version, as wheels name them (`manylinux_2_36`, `musllinux_1_2`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Libc {
    /// `glibc` or `musl`.
    pub family: String,
    /// `2.36`, `1.2.4`.
    pub version: String,
}

impl Libc {
    /// Major and minor of the version.
    pub fn major_minor(&self) -> Option<(u32, u32)> {
        let mut parts = self.version.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some((major, minor))
    }

    /// Whether a build linked against `self` runs on a machine with `host`: the same family,
    /// and no newer a version.
    pub fn runs_on(&self, host: &Libc) -> bool {
        self.family == host.family
            && matches!(
                (self.major_minor(), host.major_minor()),
                (Some(built), Some(here)) if built <= here
            )
    }
}

impl std::fmt::Display for Libc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.family, self.version)
    }
}

/// This machine as a wheel sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// `linux`, `macos`, `windows` (Rust's names).
    pub os: String,
    /// `x86_64`, `aarch64`, `i686`, `armv7l`... as Linux wheel tags write it.
    pub arch: String,
    /// Linux only: the system's C library; `None` when neither glibc nor musl answered.
    pub libc: Option<Libc>,
    /// macOS only: the release (`14.5` as `(14, 5)`).
    pub macos: Option<(u32, u32)>,
}

impl Host {
    /// This machine, read once per process.
    pub fn detect() -> &'static Host {
        static HOST: OnceLock<Host> = OnceLock::new();
        HOST.get_or_init(|| {
            let os = std::env::consts::OS.to_string();
            let arch = match std::env::consts::ARCH {
                "x86" => "i686",
                "arm" => "armv7l",
                other => other,
            }
            .to_string();
            let libc = (os == "linux").then(|| detect_libc(&arch)).flatten();
            let macos = (os == "macos").then(macos_release).flatten();
            Host {
                os,
                arch,
                libc,
                macos,
            }
        })
    }

    /// `linux-x86_64`, as manifests have always recorded the platform.
    pub fn platform(&self) -> String {
        format!("{}-{}", self.os, self.arch)
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.os, self.arch)?;
        if let Some(libc) = &self.libc {
            write!(f, " with {libc}")?;
        }
        Ok(())
    }
}

fn detect_libc(arch: &str) -> Option<Libc> {
    let glibc = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| parse_getconf(&String::from_utf8_lossy(&o.stdout)));
    glibc.or_else(|| {
        let loader = format!("/lib/ld-musl-{arch}.so.1");
        if !Path::new(&loader).exists() {
            return None;
        }
        // Run without arguments, the loader prints its usage, with `Version 1.2.4`, and fails.
        let output = Command::new(&loader).output().ok()?;
        parse_musl_usage(&String::from_utf8_lossy(&output.stderr))
    })
}

/// `glibc 2.36` gives glibc 2.36.
fn parse_getconf(text: &str) -> Option<Libc> {
    let version = text.trim().strip_prefix("glibc ")?.trim();
    let libc = Libc {
        family: "glibc".into(),
        version: version.to_string(),
    };
    libc.major_minor().map(|_| libc)
}

/// The `Version 1.2.4` line of musl's loader.
fn parse_musl_usage(text: &str) -> Option<Libc> {
    let version = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Version "))?
        .trim();
    let libc = Libc {
        family: "musl".into(),
        version: version.to_string(),
    };
    libc.major_minor().map(|_| libc)
}

/// `ProductVersion` of macOS's `SystemVersion.plist` (an XML file; two lines are enough).
fn macos_release() -> Option<(u32, u32)> {
    let text = std::fs::read_to_string("/System/Library/CoreServices/SystemVersion.plist").ok()?;
    let after = text.split("<key>ProductVersion</key>").nth(1)?;
    let value = after.split("<string>").nth(1)?.split("</string>").next()?;
    let mut parts = value.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libc_versions_are_read_and_compared() {
        let glibc = parse_getconf("glibc 2.36\n").expect("glibc");
        assert_eq!(glibc.major_minor(), Some((2, 36)));
        let musl = parse_musl_usage("musl libc (x86_64)\nVersion 1.2.4\nDynamic Program Loader\n")
            .expect("musl");
        assert_eq!(musl.to_string(), "musl 1.2.4");
        let newer = Libc {
            family: "glibc".into(),
            version: "2.39".into(),
        };
        assert!(!newer.runs_on(&glibc));
        assert!(glibc.runs_on(&newer));
        assert!(!musl.runs_on(&glibc));
        assert!(parse_getconf("nonsense").is_none());
    }

    #[test]
    fn this_machine_is_described() {
        let host = Host::detect();
        assert_eq!(host.os, std::env::consts::OS);
        if cfg!(all(target_os = "linux", target_env = "gnu")) {
            let libc = host.libc.as_ref().expect("glibc answers getconf");
            assert_eq!(libc.family, "glibc");
        }
    }
}
