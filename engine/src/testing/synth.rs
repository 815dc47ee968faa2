//! A generator of uv-layout caches, for benchmarks and for tests that need many entries.
//!
//! It writes what real uv (the default release, [`RELEASE`]) writes for registry wheels and sdist builds (pointer files,
//! relative symlinks into `archive-v0`, unzipped wheels with a `.dist-info`, Simple API pages),
//! with deterministic names and sizes. `tests/real_layout.rs` checks that every path shape it
//! produces also occurs in a cache real uv filled.

use std::io;
use std::path::Path;

/// The uv release whose layout the synthetic caches imitate (the default release of the
/// end-to-end tests).
pub const RELEASE: &str = "0.13.9";

/// The directory name of a bucket `family` in [`RELEASE`].
fn bucket(family: &str) -> String {
    let release = crate::cache::layout::releases()
        .release_str(RELEASE)
        .expect("the table knows the release");
    let family = crate::cache::layout::Bucket::from_prefix(family).expect("a bucket family");
    release.buckets.dir_name(family)
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Number of registry wheels (each about 24 files).
    pub wheels: usize,
    /// Versions per package.
    pub versions: usize,
    /// Modules per unzipped wheel.
    pub modules: usize,
    /// Every n-th package also has a wheel built from an sdist.
    pub sdist_every: usize,
}

impl Spec {
    /// About `files` files in total.
    pub fn with_files(files: usize) -> Spec {
        let spec = Spec {
            wheels: 1,
            versions: 3,
            modules: 16,
            sdist_every: 20,
        };
        Spec {
            wheels: (files / spec.files_per_wheel()).max(1),
            ..spec
        }
    }

    fn files_per_wheel(&self) -> usize {
        // 3 pointer files + link + modules + __init__ + 4 dist-info files, the simple page share,
        // and the sdist share.
        4 + self.modules + 1 + 4 + 1
    }
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    /// A 16-character id from uv's alphabet, like `ArchiveId`.
    fn id(&mut self) -> String {
        const ALPHABET: &[u8] = b"_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        (0..16)
            .map(|_| ALPHABET[(self.next() % 64) as usize] as char)
            .collect()
    }

    fn size(&mut self, max: u64) -> usize {
        (64 + self.next() % max) as usize
    }
}

fn write(path: &Path, len: usize) -> io::Result<()> {
    std::fs::write(path, vec![b'x'; len])
}

/// Unzipped wheel contents at `dir`.
fn archive(dir: &Path, name: &str, version: &str, spec: &Spec, rng: &mut Rng) -> io::Result<()> {
    let module = dir.join(name);
    std::fs::create_dir_all(&module)?;
    write(&module.join("__init__.py"), rng.size(400))?;
    for m in 0..spec.modules {
        write(&module.join(format!("mod{m}.py")), rng.size(12_000))?;
    }
    let info = dir.join(format!("{name}-{version}.dist-info"));
    std::fs::create_dir_all(&info)?;
    for (file, max) in [
        ("METADATA", 3000),
        ("RECORD", 2000),
        ("WHEEL", 100),
        ("top_level.txt", 20),
    ] {
        write(&info.join(file), rng.size(max))?;
    }
    Ok(())
}

/// A cache root as uv makes it: `CACHEDIR.TAG`, `.gitignore` and the lock file.
fn new_root(root: &Path) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    std::fs::write(
        root.join("CACHEDIR.TAG"),
        b"Signature: 8a477f597d28d172789f06886806bc55",
    )?;
    std::fs::write(root.join(".gitignore"), b"*")?;
    std::fs::write(root.join(".lock"), b"")
}

/// Writes a cache at `root` (which must not exist or be empty).
pub fn generate(root: &Path, spec: &Spec) -> io::Result<()> {
    let mut rng = Rng(0x5eed);
    new_root(root)?;
    let (simple, wheels, sdists) = (bucket("simple"), bucket("wheels"), bucket("sdists"));
    for bucket in [
        "archive-v0".to_string(),
        "builds-v0".to_string(),
        bucket("interpreter"),
        format!("{simple}/pypi"),
        format!("{wheels}/pypi"),
        format!("{sdists}/pypi"),
    ] {
        std::fs::create_dir_all(root.join(bucket))?;
    }
    std::fs::write(root.join(&sdists).join(".git"), b"")?;
    std::fs::write(root.join(&sdists).join(".gitignore"), b"")?;
    let packages = spec.wheels.div_ceil(spec.versions);
    for p in 0..packages {
        let name = format!("pkg{p:06}");
        write(
            &root.join(&simple).join("pypi").join(format!("{name}.rkyv")),
            rng.size(20_000),
        )?;
        let wheel_dir = root.join(&wheels).join("pypi").join(&name);
        std::fs::create_dir_all(&wheel_dir)?;
        for v in 0..spec.versions.min(spec.wheels - p * spec.versions) {
            let version = format!("1.{v}.0");
            let key = format!("{version}-py3-none-any");
            let id = rng.id();
            archive(
                &root.join("archive-v0").join(&id),
                &name,
                &version,
                spec,
                &mut rng,
            )?;
            write(&wheel_dir.join(format!("{key}.http")), 516)?;
            write(&wheel_dir.join(format!("{key}.msgpack")), 404)?;
            write(&wheel_dir.join(format!("{key}.lock")), 0)?;
            std::os::unix::fs::symlink(format!("../../../archive-v0/{id}"), wheel_dir.join(&key))?;
        }
        if p % spec.sdist_every == 0 {
            let version = "2.0.0";
            let shard = root.join(&sdists).join("pypi").join(&name).join(version);
            let revision = shard.join(rng.id());
            std::fs::create_dir_all(revision.join("src"))?;
            write(&shard.join(".lock"), 0)?;
            write(&shard.join("revision.http"), 452)?;
            write(&revision.join("metadata.msgpack"), 22)?;
            write(&revision.join(format!("{version}-py3-none-any.lock")), 0)?;
            write(&revision.join("src/setup.py"), rng.size(2000))?;
            write(&revision.join("src/PKG-INFO"), rng.size(2000))?;
            let stem = format!("{name}-{version}-py3-none-any");
            write(&revision.join(format!("{stem}.whl")), rng.size(20_000))?;
            let id = rng.id();
            archive(
                &root.join("archive-v0").join(&id),
                &name,
                version,
                spec,
                &mut rng,
            )?;
            std::os::unix::fs::symlink(
                format!("../../../../../archive-v0/{id}"),
                revision.join(stem),
            )?;
        }
    }
    Ok(())
}

/// The shape of a path: components outside uv's fixed vocabulary replaced by a class (`*`,
/// `*.http`, `*.dist-info`, ...), so two caches' layouts can be compared.
pub fn shape(rel: &str) -> String {
    const FIXED: [&str; 14] = [
        ".lock",
        ".gitignore",
        ".git",
        "CACHEDIR.TAG",
        "revision.http",
        "revision.rev",
        "metadata.msgpack",
        "src",
        "pypi",
        "index",
        "url",
        "path",
        "editable",
        "git",
    ];
    rel.split('/')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 || FIXED.contains(&part) {
                part.to_string()
            } else if let Some(dot) = part.rfind('.').filter(|d| *d > 0) {
                format!("*{}", &part[dot..])
            } else {
                "*".to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `count` virtual environments under `dir`, each with `packages` distributions taken
/// from the cache's archives as uv's hardlink mode leaves them: the dist-info's `METADATA` is
/// the archive's own inode, beside `INSTALLER` and `RECORD` written anew (benchmarks of
/// `used_by`). Environment `i` starts at archive `i * 7`, so environments share packages.
pub fn environments(cache: &Path, dir: &Path, count: usize, packages: usize) -> io::Result<()> {
    let mut infos = Vec::new();
    for archive in std::fs::read_dir(cache.join("archive-v0"))? {
        let archive = archive?.path();
        for child in std::fs::read_dir(&archive)? {
            let child = child?.path();
            if child.extension().is_some_and(|e| e == "dist-info") {
                infos.push(child);
            }
        }
    }
    infos.sort();
    if infos.is_empty() {
        return Err(io::Error::other("no archive with a dist-info in the cache"));
    }
    for i in 0..count {
        let venv = dir.join(format!("env{i:04}"));
        let site = venv.join("lib/python3.12/site-packages");
        std::fs::create_dir_all(&site)?;
        std::fs::write(
            venv.join("pyvenv.cfg"),
            "home = /usr/bin\nimplementation = CPython\nuv = 0.13.9\nversion_info = 3.12.3\ninclude-system-site-packages = false\n",
        )?;
        for p in 0..packages {
            let info = &infos[(i * 7 + p) % infos.len()];
            let target = site.join(info.file_name().expect("dist-info name"));
            if target.exists() {
                continue;
            }
            std::fs::create_dir_all(&target)?;
            std::fs::hard_link(info.join("METADATA"), target.join("METADATA"))?;
            std::fs::write(target.join("INSTALLER"), "uv\n")?;
            std::fs::write(target.join("RECORD"), "")?;
        }
    }
    Ok(())
}

/// Writes a cache of `count` wheels built from sdists at `root`, in the same shapes as
/// [`generate`]'s sdist builds, each about `kib` KiB, in the proportions of real uv entries
/// (tomli 2.5.0 built by uv 0.13.9: unpacked sdist 48%, `.whl` 10%, unzipped wheel 41%): the
/// sdist's sources under `src/` (45%), the `.whl` as random bytes (15%: a deflated zip does not
/// compress further), and the unzipped wheel's modules (40%). Sources are Python-like text from
/// a small vocabulary, which zstd compresses about as much as real code. For the remote
/// benchmark: what `push` sends by default.
pub fn built_wheels(root: &Path, count: usize, kib: usize) -> io::Result<()> {
    let mut rng = Rng(0xb01d);
    new_root(root)?;
    let sdists = bucket("sdists");
    std::fs::create_dir_all(root.join(&sdists).join("pypi"))?;
    std::fs::write(root.join(&sdists).join(".git"), b"")?;
    std::fs::write(root.join(&sdists).join(".gitignore"), b"")?;
    let total = kib * 1024;
    let (src, whl, unzipped) = (total * 45 / 100, total * 15 / 100, total * 40 / 100);
    let modules = 8;
    let random = |len: usize, rng: &mut Rng| -> Vec<u8> {
        (0..len.div_ceil(8))
            .flat_map(|_| rng.next().to_le_bytes())
            .take(len)
            .collect()
    };
    for p in 0..count {
        let name = format!("built{p:05}");
        let version = "1.0.0";
        let shard = root.join(&sdists).join("pypi").join(&name).join(version);
        let revision = shard.join(rng.id());
        std::fs::create_dir_all(&revision)?;
        write(&shard.join(".lock"), 0)?;
        std::fs::write(shard.join("revision.http"), random(452, &mut rng))?;
        std::fs::write(revision.join("metadata.msgpack"), random(300, &mut rng))?;
        write(&revision.join(format!("{version}-py3-none-any.lock")), 0)?;
        let sources = revision.join("src").join(&name);
        std::fs::create_dir_all(&sources)?;
        for m in 0..modules {
            std::fs::write(
                sources.join(format!("mod{m}.py")),
                python_like(src / modules, &mut rng),
            )?;
        }
        let stem = format!("{name}-{version}-py3-none-any");
        std::fs::write(revision.join(format!("{stem}.whl")), random(whl, &mut rng))?;
        let id = rng.id();
        let archive = root.join("archive-v0").join(&id);
        let module = archive.join(&name);
        std::fs::create_dir_all(&module)?;
        for m in 0..modules {
            std::fs::write(
                module.join(format!("mod{m}.py")),
                python_like(unzipped / modules, &mut rng),
            )?;
        }
        let info = archive.join(format!("{name}-{version}.dist-info"));
        std::fs::create_dir_all(&info)?;
        for file in ["METADATA", "RECORD", "WHEEL"] {
            std::fs::write(info.join(file), python_like(400, &mut rng))?;
        }
        std::os::unix::fs::symlink(
            format!("../../../../../archive-v0/{id}"),
            revision.join(stem),
        )?;
    }
    Ok(())
}

/// `len` bytes of Python-like source: keywords, punctuation and numbered names.
fn python_like(len: usize, rng: &mut Rng) -> Vec<u8> {
    const WORDS: [&str; 32] = [
        "def ",
        "return ",
        "self",
        ".",
        "import ",
        "from ",
        "class ",
        "if ",
        "else:",
        "for ",
        " in ",
        "None",
        "True",
        "False",
        "(",
        ")",
        ":",
        " = ",
        " == ",
        ", ",
        "[",
        "]",
        "\n    ",
        "\n        ",
        "\n\n",
        "# ",
        "raise ValueError(",
        "len(",
        "value",
        "result",
        "options",
        "kwargs",
    ];
    let mut out = Vec::with_capacity(len + 32);
    while out.len() < len {
        let r = rng.next();
        if r.is_multiple_of(5) {
            out.extend_from_slice(format!("name_{}", (r >> 8) % 4096).as_bytes());
        } else {
            out.extend_from_slice(WORDS[((r >> 8) % WORDS.len() as u64) as usize].as_bytes());
        }
    }
    out.truncate(len);
    out
}
