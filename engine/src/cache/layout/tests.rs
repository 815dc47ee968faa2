use super::*;
use crate::cache::names::{normalize_name, wheel_name_version};

#[test]
fn classifies_root_entries_against_0_13_8() {
    let set = &releases().release_str("0.13.8").unwrap().buckets;
    let class = |n: &str| set.classify_root(n, true);
    assert_eq!(
        class("wheels-v7"),
        RootClass::Bucket {
            bucket: Bucket::Wheels,
            version: 7,
            state: BucketState::Current
        }
    );
    assert_eq!(
        class("wheels-v6"),
        RootClass::Bucket {
            bucket: Bucket::Wheels,
            version: 6,
            state: BucketState::Outdated
        }
    );
    assert_eq!(
        class("wheels-v8"),
        RootClass::Bucket {
            bucket: Bucket::Wheels,
            version: 8,
            state: BucketState::Newer
        }
    );
    assert_eq!(
        class("built-wheels-v3"),
        RootClass::Bucket {
            bucket: Bucket::Sdists,
            version: 3,
            state: BucketState::Outdated
        }
    );
    assert_eq!(
        class("flat-index-v7"),
        RootClass::Bucket {
            bucket: Bucket::FlatIndex,
            version: 7,
            state: BucketState::Current
        }
    );
    assert_eq!(
        class("files-v0"),
        RootClass::Bucket {
            bucket: Bucket::Files,
            version: 0,
            state: BucketState::Current
        }
    );
    assert_eq!(class(".tmpABC"), RootClass::Temp);
    assert_eq!(class("stuff"), RootClass::Unknown);
    assert_eq!(class("wheels-vX"), RootClass::Unknown);
    assert_eq!(set.classify_root("CACHEDIR.TAG", false), RootClass::Marker);
    assert_eq!(
        set.classify_root("wheels-v7", false),
        RootClass::Unknown,
        "a file is no bucket"
    );
    assert_eq!(
        class("http-v0"),
        RootClass::Unknown,
        "no bucket in a uv cache"
    );
    assert!(matches!(
        store_v0().classify_root("http-v0", true),
        RootClass::Bucket {
            state: BucketState::Current,
            ..
        }
    ));
    for bucket in set.buckets() {
        assert_eq!(
            parse_bucket_name(&set.dir_name(bucket)),
            Some((bucket, set.version(bucket)))
        );
    }
}

#[test]
fn revision_ids_come_from_msgpack_strings_only() {
    // The start of a real uv 0.13.8 `revision.http`: fixarray, then the 16-char id.
    let mut pointer = vec![0x93, 0xb0];
    pointer.extend_from_slice(b"VCMOLAsKl7PUUOcY");
    pointer.extend_from_slice(&[0x91, 0x81]);
    assert_eq!(pointer_revision_ids(&pointer), vec!["VCMOLAsKl7PUUOcY"]);
    assert!(
        pointer_revision_ids(&[b'x'; 452]).is_empty(),
        "an unreadable pointer names nothing"
    );
    assert!(pointer_revision_ids(b"\xb0short").is_empty());
}

#[test]
fn stems_and_names() {
    assert_eq!(
        entry_stem("1.17.0-py2.py3-none-any.http"),
        "1.17.0-py2.py3-none-any"
    );
    assert_eq!(
        entry_stem("2.5.0-cp311-cp311-macosx_10_9_x86_64.msgpack"),
        "2.5.0-cp311-cp311-macosx_10_9_x86_64"
    );
    assert_eq!(entry_stem("9906a83.ok"), "9906a83");
    assert_eq!(
        path_and_ancestors("a/b/c").collect::<Vec<_>>(),
        ["a/b/c", "a/b", "a"]
    );
    assert_eq!(
        entry_depth(
            Bucket::Environments,
            EntryNames::Current,
            "8b0cbae4892decd7"
        ),
        Some((2, true))
    );
    assert_eq!(
        entry_depth(
            Bucket::Environments,
            EntryNames::Current,
            "script-1a2b3c4d5e6f7a8b"
        ),
        Some((1, true))
    );
    assert_eq!(entry_stem(".lock"), ".lock");
    assert_eq!(normalize_name("Flit_Core"), "flit-core");
    assert_eq!(normalize_name("a.-_b"), "a-b");
    assert_eq!(
        wheel_name_version("gitpkg-0.1.0-py3-none-any.whl"),
        Some(("gitpkg".into(), "0.1.0".into()))
    );
    assert_eq!(
        wheel_name_version("edpkg-0.1.0-0.editable-py3-none-any"),
        Some(("edpkg".into(), "0.1.0".into()))
    );
    assert_eq!(wheel_name_version("metadata.msgpack"), None);
}

/// Shards name the directories `entry_depth` counts: the package directory of an index shard
/// holds the entries, one level below it.
#[test]
fn shards_build_the_paths_entry_depth_reads() {
    use crate::cache::entry::Source;
    let index = Shard::of("wheels-v8", Source::Index);
    let entry = index.sub("0123456789abcdef").child("six");
    assert_eq!(entry, "wheels-v8/index/0123456789abcdef/six");
    let depth = entry_depth(Bucket::Wheels, EntryNames::Current, Source::Index.name());
    assert_eq!(depth.map(|(d, _)| d), Some(entry.matches('/').count() + 1));
    assert_eq!(
        Shard::of("simple-v28", Source::Pypi).simple_file("six"),
        "simple-v28/pypi/six.rkyv"
    );
    assert_eq!(String::from(index), "wheels-v8/index");
}
