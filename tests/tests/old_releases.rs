//! Caches that older real uv releases filled: the inventory reads their layouts (wheel
//! directories named by the wheel's stem, interpreter files at the bucket root, absolute
//! archive links) without an `unknown` entry, and judges their buckets against the target.

use std::process::Command;

use uvcache::cache::{EntryKind, Inventory, Options, Status};
use uvcache_e2e::{run, unknown_entries, uv_release_cmd};

/// uv 0.4.30 (wheels-v2, sdists-v5, simple-v13, interpreter-v2) fills a cache: a venv (its
/// interpreter query) and a registry wheel.
#[test]
fn uv_0_4_30_cache_reads_without_unknown_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let uv = |args: &[&str]| -> Command {
        let mut cmd = uv_release_cmd("0.4.30", &cache, &work);
        cmd.args(args);
        cmd
    };
    run(&mut uv(&["venv", "-q"]));
    run(&mut uv(&["pip", "install", "-q", "six==1.16.0"]));
    let link = std::fs::read_link(cache.join("wheels-v2/pypi/six/six-1.16.0-py2.py3-none-any"))
        .expect("uv 0.4.30 names the wheel entry by the wheel's stem");
    assert!(link.is_absolute(), "uv 0.4.30 links absolutely: {link:?}");

    let inventory = Inventory::take(&cache, &Options::default()).unwrap();
    let unknown = unknown_entries(&inventory);
    assert!(unknown.is_empty(), "unknown entries: {unknown:?}");
    let six = inventory
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::RegistryWheel)
        .expect("the six wheel");
    assert_eq!(
        (six.package.as_deref(), six.version.as_deref()),
        (Some("six"), Some("1.16.0"))
    );
    assert_eq!(
        six.status,
        Status::Outdated,
        "wheels-v2 is outdated for the newest release"
    );
    assert!(
        !six.references.is_empty(),
        "the absolute link into this root is a reference"
    );
    assert!(six.disk > 0, "the archive's bytes are the wheel's");
    assert!(
        inventory
            .entries
            .iter()
            .any(|e| e.kind == EntryKind::InterpreterInfo && e.path.starts_with("interpreter-v2/")),
        "interpreter-v2/<digest>.msgpack is an interpreter entry"
    );

    // Copied elsewhere, the absolute links point at the old place: reported, no reference.
    let moved = tmp.path().join("moved");
    run(Command::new("cp").arg("-a").arg(&cache).arg(&moved));
    let inventory = Inventory::take(&moved, &Options::default()).unwrap();
    let six = inventory
        .entries
        .iter()
        .find(|e| e.kind == EntryKind::RegistryWheel)
        .unwrap();
    assert!(six.references.is_empty(), "{:?}", six.references);
    assert_eq!(
        six.external_links,
        ["wheels-v2/pypi/six/six-1.16.0-py2.py3-none-any"]
    );
    // Its archive is unlinked here: what uv's prune would remove as well.
    assert!(
        inventory
            .entries
            .iter()
            .any(|e| e.kind == EntryKind::Archive && e.status == Status::Dangling)
    );
}
