//! A Python interpreter as wheels see it: implementation, version and ABI.
//!
//! Named the ways `uv --python` takes it: a version (`3.12`, `3.12.4`, `3.13t` free-threaded),
//! an implementation with one (`cpython@3.12`, `cp312`, `pypy@3.10`, `pypy3.10`), a path to an
//! interpreter or an environment, or an executable's name on `PATH` (`python3.11`). A version is
//! judged without running anything, so a pull can be planned for an interpreter this machine
//! does not have yet; a path or a name is asked (one short run of it).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::environment::Environment;

/// The Python implementations wheels are tagged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Implementation {
    /// `cp` tags.
    CPython,
    /// `pp` tags.
    PyPy,
}

impl Implementation {
    /// The tag prefix (`cp`, `pp`).
    pub fn tag(self) -> &'static str {
        match self {
            Implementation::CPython => "cp",
            Implementation::PyPy => "pp",
        }
    }

    /// Lowercase name, as `sys.implementation.name`.
    pub fn name(self) -> &'static str {
        match self {
            Implementation::CPython => "cpython",
            Implementation::PyPy => "pypy",
        }
    }
}

/// One interpreter to judge wheels for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Python {
    /// CPython or PyPy.
    pub implementation: Implementation,
    /// `3`.
    pub major: u32,
    /// `12`.
    pub minor: u32,
    /// A free-threaded build (`3.13t`, ABI tag `cp313t`).
    pub free_threaded: bool,
    /// How it was named or found (`--python 3.12`, `/work/.venv`).
    pub chosen_by: String,
}

/// Why a Python request names no interpreter uvcache can use.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("an empty Python request")]
    Empty,
    #[error("`{0}`: only CPython has free-threaded builds")]
    FreeThreadedPyPy(String),
    #[error(
        "`{0}` is not a Python version (3.12, cpython@3.12, pypy@3.10), a path, \
         or an executable on PATH"
    )]
    Unknown(String),
    #[error("cannot run `{}`: {source}", executable.display())]
    CannotRun {
        executable: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` did not answer as a CPython or PyPy interpreter", .0.display())]
    NotPython(PathBuf),
    #[error("`{}` answered `{answer}`, not its version", executable.display())]
    NoVersion { executable: PathBuf, answer: String },
}

impl Python {
    /// The interpreter named by `text`, as `uv --python` takes it; `chosen_by` says where the
    /// name came from. The error says what was expected.
    pub fn request(text: &str, env: &Environment, chosen_by: &str) -> Result<Python, RequestError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(RequestError::Empty);
        }
        let lower = text.to_ascii_lowercase();
        let named = [
            ("cpython@", Implementation::CPython),
            ("cpython", Implementation::CPython),
            ("cp", Implementation::CPython),
            ("pypy@", Implementation::PyPy),
            ("pypy", Implementation::PyPy),
            ("pp", Implementation::PyPy),
        ];
        let by_version = parse_version(&lower)
            .map(|v| (Implementation::CPython, v))
            .or_else(|| {
                named.iter().find_map(|(prefix, imp)| {
                    lower
                        .strip_prefix(prefix)
                        .and_then(parse_version)
                        .map(|v| (*imp, v))
                })
            });
        if let Some((implementation, (major, minor, free_threaded))) = by_version {
            if free_threaded && implementation != Implementation::CPython {
                return Err(RequestError::FreeThreadedPyPy(text.to_string()));
            }
            return Ok(Python {
                implementation,
                major,
                minor,
                free_threaded,
                chosen_by: chosen_by.to_string(),
            });
        }
        let path = Path::new(text);
        let executable = if text.contains(std::path::MAIN_SEPARATOR) || text.contains('/') {
            let path = env.absolutize(path);
            if path.is_dir() {
                environment_python(&path)
            } else {
                path
            }
        } else {
            env.which(text)
                .ok_or_else(|| RequestError::Unknown(text.to_string()))?
        };
        Python::ask(&executable, chosen_by)
    }

    /// The interpreter of the environment at `venv`: asked, or else read from its
    /// `pyvenv.cfg`'s version (as CPython), if it has one.
    pub fn of_environment(venv: &Path, version: Option<&str>, chosen_by: &str) -> Option<Python> {
        Python::ask(&environment_python(venv), chosen_by)
            .ok()
            .or_else(|| {
                let (major, minor, free_threaded) = parse_version(version?)?;
                Some(Python {
                    implementation: Implementation::CPython,
                    major,
                    minor,
                    free_threaded,
                    chosen_by: chosen_by.to_string(),
                })
            })
    }

    /// Runs the interpreter at `executable` once (isolated, no site) and reads its answers.
    pub fn ask(executable: &Path, chosen_by: &str) -> Result<Python, RequestError> {
        const SCRIPT: &str = "import sys, sysconfig; print(sys.implementation.name, \
            sys.version_info[0], sys.version_info[1], \
            1 if sysconfig.get_config_var('Py_GIL_DISABLED') else 0)";
        let output = Command::new(executable)
            .args(["-I", "-S", "-c", SCRIPT])
            .output()
            .map_err(|source| RequestError::CannotRun {
                executable: executable.to_path_buf(),
                source,
            })?;
        let answer = String::from_utf8_lossy(&output.stdout);
        let words: Vec<&str> = answer.split_whitespace().collect();
        let implementation = match words.first().copied() {
            Some("cpython") => Implementation::CPython,
            Some("pypy") => Implementation::PyPy,
            _ => {
                return Err(RequestError::NotPython(executable.to_path_buf()));
            }
        };
        let number = |i: usize| words.get(i).and_then(|w| w.parse::<u32>().ok());
        match (number(1), number(2), number(3)) {
            (Some(major), Some(minor), Some(ft)) => Ok(Python {
                implementation,
                major,
                minor,
                free_threaded: ft == 1,
                chosen_by: chosen_by.to_string(),
            }),
            _ => Err(RequestError::NoVersion {
                executable: executable.to_path_buf(),
                answer: answer.trim().to_string(),
            }),
        }
    }

    /// `3.12`, `3.13t`, `pypy 3.10`: how reasons name it.
    pub fn describe(&self) -> String {
        let t = if self.free_threaded { "t" } else { "" };
        match self.implementation {
            Implementation::CPython => format!("{}.{}{t}", self.major, self.minor),
            Implementation::PyPy => format!("pypy {}.{}", self.major, self.minor),
        }
    }

    /// The same interpreter, ignoring how it was found.
    pub fn same(&self, other: &Python) -> bool {
        (
            self.implementation,
            self.major,
            self.minor,
            self.free_threaded,
        ) == (
            other.implementation,
            other.major,
            other.minor,
            other.free_threaded,
        )
    }
}

/// The interpreter inside an environment folder.
fn environment_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// `3.12`, `3.12.4`, `3.13t`, `312` (as in `cp312`): major, minor, free-threaded.
fn parse_version(text: &str) -> Option<(u32, u32, bool)> {
    let (text, free_threaded) = match text.strip_suffix('t') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    if !text.contains('.') {
        // `312`: the first digit is the major version (as in wheel tags).
        let (major, minor) = text.split_at_checked(1)?;
        if minor.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some((major.parse().ok()?, minor.parse().ok()?, free_threaded));
    }
    let mut parts = text.split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    match parts.next() {
        None => {}
        Some(patch) if patch.bytes().all(|b| b.is_ascii_digit()) && !patch.is_empty() => {}
        Some(_) => return None,
    }
    (parts.next().is_none() && major >= 2).then_some((major, minor, free_threaded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(text: &str) -> Result<Python, RequestError> {
        let env = Environment::new("/").with_var("PATH", "/nonexistent");
        Python::request(text, &env, "--python")
    }

    #[test]
    fn requests_are_read_as_uv_reads_them() {
        let p = request("3.12").expect("3.12");
        assert_eq!(
            (p.implementation, p.major, p.minor, p.free_threaded),
            (Implementation::CPython, 3, 12, false)
        );
        assert_eq!(request("3.12.4").expect("patch").minor, 12);
        assert!(request("3.13t").expect("ft").free_threaded);
        assert_eq!(request("cp311").expect("cp311").minor, 11);
        assert_eq!(request("cpython@3.10").expect("cpython@").minor, 10);
        let pypy = request("pypy@3.10").expect("pypy");
        assert_eq!(pypy.implementation, Implementation::PyPy);
        assert_eq!(pypy.describe(), "pypy 3.10");
        assert!(matches!(
            request("pypy3.10t"),
            Err(RequestError::FreeThreadedPyPy(_))
        ));
        let unknown = request("python9.99").expect_err("not on PATH");
        assert!(unknown.to_string().contains("`python9.99`"), "{unknown}");
        assert!(request("").is_err());
        assert!(request("3").is_err());
        let missing = request("/no/such/python").expect_err("no such file");
        assert!(
            matches!(missing, RequestError::CannotRun { .. }),
            "{missing}"
        );
        assert!(missing.to_string().contains("/no/such/python"), "{missing}");
    }

    #[test]
    fn an_interpreter_is_asked() {
        let env = Environment::from_process().expect("env");
        // The machine's python3 (every machine here has CPython 3.11 or later).
        let exe = env.which("python3").expect("python3 on PATH");
        let asked = Python::ask(&exe, "python3 on PATH").expect("python3 answers");
        assert_eq!(
            (asked.implementation, asked.major),
            (Implementation::CPython, 3)
        );
        assert!(asked.minor >= 8, "{asked:?}");
    }
}
