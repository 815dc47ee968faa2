//! The synthetic caches used by benchmarks must look like what real uv writes.

use std::collections::BTreeSet;
use std::path::Path;

use uvcache::cache::inventory::{Inventory, Options};
use uvcache_e2e::RealCache;
use uvcache_e2e::synth::{Spec, generate, shape};

fn shapes(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let file_type = entry.file_type().unwrap();
            // Inside unzipped archives and unpacked sources the contents are the package's own.
            let depth = rel.split('/').count();
            let package_contents =
                (rel.starts_with("archive-v0/") && depth > 2) || rel.contains("/src/");
            if !package_contents {
                out.insert(format!(
                    "{} {}",
                    if file_type.is_symlink() {
                        'l'
                    } else if file_type.is_dir() {
                        'd'
                    } else {
                        'f'
                    },
                    shape(&rel)
                ));
            }
            if file_type.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    out
}

#[test]
fn synthetic_layout_is_a_subset_of_a_real_uv_cache() {
    let real = RealCache::get();
    let tmp = tempfile::tempdir().unwrap();
    let synth = tmp.path().join("cache");
    generate(
        &synth,
        &Spec {
            wheels: 30,
            versions: 3,
            modules: 2,
            sdist_every: 2,
        },
    )
    .unwrap();
    let real_shapes = shapes(&real.cache);
    let synth_shapes = shapes(&synth);
    let foreign: Vec<_> = synth_shapes.difference(&real_shapes).collect();
    assert!(
        foreign.is_empty(),
        "shapes real uv never wrote: {foreign:?}\nreal: {real_shapes:#?}"
    );
    // And the inventory reads it completely: every entry classified, every wheel linked.
    let inventory = Inventory::take(&synth, &Options::default()).unwrap();
    assert!(
        inventory
            .entries
            .iter()
            .all(|e| e.kind != uvcache::EntryKind::Unknown)
    );
    assert_eq!(
        inventory
            .entries
            .iter()
            .filter(|e| e.kind == uvcache::EntryKind::RegistryWheel)
            .count(),
        30
    );
    assert_eq!(
        inventory
            .entries
            .iter()
            .filter(|e| e.kind == uvcache::EntryKind::BuiltWheel)
            .count(),
        5
    );
}
