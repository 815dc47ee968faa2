//! Whether an entry on a remote runs here: its bucket version against the target release, its
//! wheel tags against the interpreters it is pulled for (PEP 425, as uv ranks tags), and for
//! plain `linux_*` tags, which say nothing of the libc, the builder's libc against this
//! machine's. A wheel built from source on a newer glibc is tagged `linux_x86_64` like any other
//! and fails only at import; the builder's facts in the manifest are what catches it.
//!
//! Every refusal comes with a reason a person can act on ("built for cp311, python 3.12
//! wanted", "built against glibc 2.39, this machine has 2.36").

use crate::cache::entry::Status;
use crate::cache::layout::{Bucket, BucketSet};
use crate::platform::python::Python;
use crate::platform::tags::{self, Supported};
use crate::platform::{Host, Libc};
use crate::remote::manifest::Manifest;

/// What entries are judged for: this machine, and the interpreters wanted.
#[derive(Debug, Clone)]
pub struct Targets {
    /// This machine.
    pub host: Host,
    /// The interpreters, each with the tags it accepts. Empty: no interpreter was found, and
    /// only the platform is judged.
    pub pythons: Vec<Supported>,
}

impl Targets {
    /// `pythons` on this machine, each once.
    pub fn new(pythons: Vec<Python>) -> Targets {
        let host = Host::detect().clone();
        let mut unique: Vec<Python> = Vec::new();
        for python in pythons {
            if !unique.iter().any(|p| p.same(&python)) {
                unique.push(python);
            }
        }
        let pythons = unique.iter().map(|p| Supported::new(p, &host)).collect();
        Targets { host, pythons }
    }

    /// `3.11 or 3.12`.
    fn wanted(&self) -> String {
        let names: Vec<String> = self.pythons.iter().map(|s| s.python.describe()).collect();
        names.join(" or ")
    }
}

/// The judgement of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// Whether a pull would take it.
    pub usable: bool,
    /// Why not; `None` when usable.
    pub reason: Option<String>,
}

impl Fit {
    fn no(reason: String) -> Fit {
        Fit {
            usable: false,
            reason: Some(reason),
        }
    }
}

/// Judges `manifest` for the release with `buckets` and `targets`.
pub fn judge(manifest: &Manifest, buckets: &BucketSet, targets: &Targets) -> Fit {
    let bucket = Bucket::from_prefix(&manifest.bucket).filter(|b| buckets.has(*b));
    let written = format!("{}-v{}", manifest.bucket, manifest.bucket_version);
    match manifest.status(buckets) {
        Status::Live => {}
        Status::Newer => {
            let reads = bucket.map(|b| buckets.version(b)).unwrap_or_default();
            return Fit::no(format!(
                "written to {written}, newer than this uv's {}-v{reads}",
                manifest.bucket
            ));
        }
        _ => {
            return Fit::no(format!(
                "written to {written}, which this uv no longer reads"
            ));
        }
    }
    if manifest.tags.is_empty() {
        return Fit::no("no wheel tags: nothing says where it runs".into());
    }
    let Some(builder) = manifest.builder.as_ref() else {
        return Fit::no(
            "no record of the machine that built it (pushed by an older uvcache)".into(),
        );
    };
    let platforms = tags::platforms(&targets.host);
    let mut reasons: Vec<String> = Vec::new();
    let mut platform_fits = false;
    for tag in manifest.tags.iter().flat_map(|t| tags::expand(t)) {
        let mut parts = tag.splitn(3, '-');
        let (Some(python), Some(abi), Some(platform)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if platform != "any" && !platforms.iter().any(|p| p == platform) {
            reasons.push(platform_reason(platform, &targets.host));
            continue;
        }
        if platform != "any" && (builder.os != targets.host.os || builder.arch != targets.host.arch)
        {
            reasons.push(format!(
                "built on {} {}, this machine is {}",
                builder.os, builder.arch, targets.host
            ));
            continue;
        }
        if platform.starts_with("linux_")
            && let Err(why) = builder_libc(manifest, &targets.host)
        {
            reasons.push(why.to_string());
            continue;
        }
        platform_fits = true;
        if targets.pythons.is_empty() || targets.pythons.iter().any(|s| s.rank(&tag).is_some()) {
            return Fit {
                usable: true,
                reason: None,
            };
        }
        let built = if abi == "none" || abi == "abi3" {
            format!("{python}-{abi}")
        } else {
            abi.to_string()
        };
        reasons.push(format!(
            "built for {built}, python {} wanted",
            targets.wanted()
        ));
    }
    // A python mismatch says more than another tag's platform, once some platform fits.
    if platform_fits {
        reasons.retain(|r| r.contains("wanted"));
    }
    reasons.dedup();
    Fit::no(if reasons.is_empty() {
        "no wheel tag it could be judged by".to_string()
    } else {
        reasons.join("; ")
    })
}

/// Why a `linux_*` wheel does not run against this machine's libc.
#[derive(Debug, thiserror::Error)]
enum LibcMismatch {
    #[error(
        "built for plain linux with no record of its libc (pushed by an \
         older uvcache): cannot tell whether it runs here"
    )]
    Unrecorded,
    #[error("built against {0}; this machine's libc is unknown")]
    UnknownHere(Libc),
    #[error("built against {built}, this machine has {}", here.version)]
    NewerThanHere { built: Libc, here: Libc },
    #[error("built against {built}, this machine has {here}")]
    OtherFamily { built: Libc, here: Libc },
}

/// A `linux_*` wheel runs here if it was built against this machine's libc, no newer.
fn builder_libc(manifest: &Manifest, host: &Host) -> Result<(), LibcMismatch> {
    let Some(built) = manifest.builder.as_ref().and_then(|b| b.libc.clone()) else {
        return Err(LibcMismatch::Unrecorded);
    };
    let Some(here) = host.libc.clone() else {
        return Err(LibcMismatch::UnknownHere(built));
    };
    if built.runs_on(&here) {
        Ok(())
    } else if built.family == here.family {
        Err(LibcMismatch::NewerThanHere { built, here })
    } else {
        Err(LibcMismatch::OtherFamily { built, here })
    }
}

/// Why a platform tag does not run here.
fn platform_reason(platform: &str, host: &Host) -> String {
    let libc_needed = |rest: &str, family: &str| -> Option<(String, String)> {
        // `2_39_x86_64` gives glibc 2.39 on x86_64.
        let mut parts = rest.splitn(3, '_');
        let (major, minor, arch) = (parts.next()?, parts.next()?, parts.next()?);
        major.parse::<u32>().ok()?;
        minor.parse::<u32>().ok()?;
        Some((format!("{family} {major}.{minor}"), arch.to_string()))
    };
    let legacy = |rest: &str, version: &str| Some((format!("glibc {version}"), rest.to_string()));
    let needed = if let Some(rest) = platform.strip_prefix("manylinux_") {
        libc_needed(rest, "glibc")
    } else if let Some(rest) = platform.strip_prefix("musllinux_") {
        libc_needed(rest, "musl")
    } else if let Some(rest) = platform.strip_prefix("manylinux2014_") {
        legacy(rest, "2.17")
    } else if let Some(rest) = platform.strip_prefix("manylinux2010_") {
        legacy(rest, "2.12")
    } else if let Some(rest) = platform.strip_prefix("manylinux1_") {
        legacy(rest, "2.5")
    } else {
        None
    };
    if let Some((libc, arch)) = needed {
        if arch != host.arch || host.os != "linux" {
            return format!("built for {arch} linux ({platform}), this machine is {host}");
        }
        return match &host.libc {
            Some(here) => format!("needs {libc} ({platform}), this machine has {here}"),
            None => format!("needs {libc} ({platform}); this machine's libc is unknown"),
        };
    }
    if let Some(arch) = platform.strip_prefix("linux_") {
        return format!("built for {arch} linux, this machine is {host}");
    }
    format!("built for {platform}, this machine is {host}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Libc;
    use crate::platform::builder::Builder;
    use crate::platform::python::Implementation;

    fn host(glibc: &str) -> Host {
        Host {
            os: "linux".into(),
            arch: "x86_64".into(),
            libc: Some(Libc {
                family: "glibc".into(),
                version: glibc.into(),
            }),
            macos: None,
        }
    }

    fn targets(minors: &[u32], glibc: &str) -> Targets {
        let host = host(glibc);
        let pythons = minors
            .iter()
            .map(|m| {
                let python = Python {
                    implementation: Implementation::CPython,
                    major: 3,
                    minor: *m,
                    free_threaded: false,
                    chosen_by: "test".into(),
                };
                Supported::new(&python, &host)
            })
            .collect();
        Targets { host, pythons }
    }

    fn built(tags: &[&str], glibc: Option<&str>) -> Manifest {
        let mut m = crate::remote::manifest::tests::sample();
        m.tags = tags.iter().map(|t| t.to_string()).collect();
        m.builder = Some(Builder {
            os: "linux".into(),
            arch: "x86_64".into(),
            libc: glibc.map(|v| Libc {
                family: "glibc".into(),
                version: v.into(),
            }),
            python: crate::platform::builder::built_for(tags[0]),
        });
        m
    }

    fn judge_live(m: &Manifest, t: &Targets) -> Fit {
        let release = crate::cache::layout::releases();
        let newest = release.release(&release.newest).expect("newest");
        let mut m = m.clone();
        m.bucket_version = newest.buckets.version(Bucket::Sdists);
        judge(&m, &newest.buckets, t)
    }

    #[test]
    fn a_wheel_for_another_python_is_refused_with_the_reason() {
        let m = built(&["cp311-cp311-linux_x86_64"], Some("2.36"));
        assert!(judge_live(&m, &targets(&[11], "2.36")).usable);
        let fit = judge_live(&m, &targets(&[12], "2.36"));
        assert_eq!(
            fit.reason.as_deref(),
            Some("built for cp311, python 3.12 wanted")
        );
        assert!(judge_live(&m, &targets(&[12, 11], "2.36")).usable);
        assert_eq!(
            m.builder.as_ref().and_then(|b| b.python.clone()),
            Some(crate::platform::builder::BuilderPython {
                implementation: "cpython".into(),
                version: "3.11".into(),
                abi: "cp311".into()
            })
        );
    }

    #[test]
    fn a_plain_linux_wheel_needs_the_builders_glibc_or_older() {
        let m = built(&["cp311-cp311-linux_x86_64"], Some("2.39"));
        let fit = judge_live(&m, &targets(&[11], "2.36"));
        assert_eq!(
            fit.reason.as_deref(),
            Some("built against glibc 2.39, this machine has 2.36")
        );
        assert!(judge_live(&m, &targets(&[11], "2.39")).usable);
        let unknown = built(&["cp311-cp311-linux_x86_64"], None);
        assert!(!judge_live(&unknown, &targets(&[11], "2.39")).usable);
        // A manylinux tag says it itself; pure Python runs anywhere.
        let many = built(&["cp311-cp311-manylinux_2_39_x86_64"], Some("2.39"));
        let fit = judge_live(&many, &targets(&[11], "2.36"));
        assert_eq!(
            fit.reason.as_deref(),
            Some("needs glibc 2.39 (manylinux_2_39_x86_64), this machine has glibc 2.36")
        );
        let pure = built(&["py3-none-any"], Some("2.39"));
        assert!(judge_live(&pure, &targets(&[12], "2.17")).usable);
        let mac = built(&["cp311-cp311-macosx_11_0_arm64"], None);
        assert!(
            judge_live(&mac, &targets(&[11], "2.36"))
                .reason
                .is_some_and(|r| r.starts_with("built for macosx_11_0_arm64"))
        );
    }

    #[test]
    fn an_entry_of_another_bucket_version_is_refused_with_the_reason() {
        let release = crate::cache::layout::releases();
        let newest = release.release(&release.newest).expect("newest");
        let mut m = built(&["py3-none-any"], Some("2.36"));
        m.bucket_version = newest.buckets.version(Bucket::Sdists) + 1;
        let fit = judge(&m, &newest.buckets, &targets(&[11], "2.36"));
        assert!(
            fit.reason
                .as_deref()
                .is_some_and(|r| r.contains("newer than")),
            "{fit:?}"
        );
    }
}
