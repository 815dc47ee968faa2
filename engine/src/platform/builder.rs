//! The machine that built an entry, as a manifest records it: its OS, architecture and libc,
//! and the Python its wheels were built for (read from their tags). Recorded at push, judged at
//! pull ([`crate::remote::fit`]).

use serde::{Deserialize, Serialize};

use crate::platform::{Host, Libc};

/// The machine that built (and pushed) an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Builder {
    /// `linux`.
    pub os: String,
    /// `x86_64`.
    pub arch: String,
    /// Its C library, on Linux.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libc: Option<Libc>,
    /// The interpreter the wheels were built for, from their tags; `None` for pure-Python
    /// wheels, which do not say (and do not need to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<BuilderPython>,
}

/// The Python a wheel was built for, as its tag says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuilderPython {
    /// `cpython`, `pypy`.
    pub implementation: String,
    /// `3.11`.
    pub version: String,
    /// `cp311`, `cp313t`, `abi3`.
    pub abi: String,
}

impl Builder {
    /// This machine, building wheels with `tags`.
    pub fn here(tags: &[String]) -> Builder {
        let host = Host::detect();
        Builder {
            os: host.os.clone(),
            arch: host.arch.clone(),
            libc: host.libc.clone(),
            python: tags.iter().find_map(|t| built_for(t)),
        }
    }
}

/// The interpreter of a tag whose python part names one (`cp311-cp311-…`): implementation,
/// version and ABI. `py3-none-any` names none.
pub fn built_for(tag: &str) -> Option<BuilderPython> {
    let mut parts = tag.split('-');
    let python = parts.next()?.split('.').next()?;
    let abi = parts.next()?.split('.').next()?;
    let (implementation, digits) = if let Some(d) = python.strip_prefix("cp") {
        ("cpython", d)
    } else if let Some(d) = python.strip_prefix("pp") {
        ("pypy", d)
    } else {
        return None;
    };
    let (major, minor) = digits.split_at_checked(1)?;
    (!minor.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| BuilderPython {
        implementation: implementation.into(),
        version: format!("{major}.{minor}"),
        abi: abi.to_string(),
    })
}
