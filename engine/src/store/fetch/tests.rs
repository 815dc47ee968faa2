use super::*;
use crate::cache::layout;
use std::time::Duration;

#[test]
fn entry_names_keep_links_visible_to_the_reference_scan() {
    assert_eq!(
        entry_name("six-1.17.0-py3-none-any.whl", true),
        "six-1.17.0-py3-none-any"
    );
    assert_eq!(
        entry_name("six-1.17.0-py3-none-any.whl", false),
        "six-1.17.0-py3-none-any_whl"
    );
    assert_eq!(entry_name("six-1.17.0.tar.gz", false), "six-1.17.0.tar.gz");
    assert!(!crate::cache::links::reference_pruned(&entry_name(
        "a.lock", false
    )));
    let env = Environment::new("/w");
    let (url, origin) = parse(&env, "https://h/p/").unwrap();
    assert_eq!(url, "https://h/p/");
    assert_eq!(file_name(&origin), "index");
    let (url, origin) = parse(&env, "rel/../x y.txt").unwrap();
    assert_eq!(url, "file:///w/rel/../x y.txt");
    assert_eq!(file_name(&origin), "x_y.txt");
    assert!(parse(&env, "ftp://h/x").is_err());
}

#[test]
fn refresh_package_selects_by_name_or_url_glob() {
    let url = "https://files.example/p/Six-1.17.0-py3-none-any.whl";
    assert!(refresh_selects(url, &["six".into()]));
    assert!(refresh_selects(url, &["https://files.example/*".into()]));
    assert!(!refresh_selects(url, &["tomli".into()]));
}

#[test]
fn local_files_by_modification_time() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::at(tmp.path().join("store"));
    let env = Environment::new(tmp.path());
    let source = tmp.path().join("data.bin");
    std::fs::write(&source, b"one").unwrap();
    let options = FetchOptions::default();
    let first = fetch(&store, &env, "data.bin", &options).unwrap();
    assert_eq!(first.status, FetchStatus::Miss);
    assert_eq!(std::fs::read(&first.path).unwrap(), b"one");
    assert_eq!(
        first.sha256,
        "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"
    );
    let again = fetch(&store, &env, "data.bin", &options).unwrap();
    assert_eq!((again.status, &again.path), (FetchStatus::Hit, &first.path));
    std::fs::write(&source, b"three").unwrap();
    let t = SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&source)
        .unwrap()
        .set_modified(t)
        .unwrap();
    let changed = fetch(&store, &env, "data.bin", &options).unwrap();
    assert_eq!(changed.status, FetchStatus::Refreshed);
    assert_eq!(std::fs::read(&changed.path).unwrap(), b"three");
    // The old archive is left for prune (append-only); the store is a cache to uvcache.
    assert_eq!(std::fs::read(&first.path).unwrap(), b"one");
    let signature = layout::CacheSignature::read(store.path());
    assert!(signature.valid_tag);
}
