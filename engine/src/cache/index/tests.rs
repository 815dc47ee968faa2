//! The index against full walks on a cache laid out as real uv 0.13.9 lays it out (the e2e
//! test `index` checks the same with caches real uv fills): after each change, the answer
//! from the index equals a walk's.

use crate::scan::Scan;
use std::path::Path;
use std::time::Duration;

use super::*;
use crate::cache::entry::Entry;
use crate::cache::inventory::Inventory;
use crate::cache::layout;

fn write(path: &Path, bytes: usize) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, vec![b'x'; bytes]).unwrap();
}

/// Archives, wheel pointers linking to them, an sdist shard with a revision, Simple API pages
/// and the root markers, as uv 0.13.9 names them.
fn fill(root: &Path, n: usize) {
    write(&root.join("CACHEDIR.TAG"), 43);
    write(&root.join(".gitignore"), 1);
    write(&root.join(".lock"), 0);
    for i in 0..n {
        let id = format!("ARCHIVE{i:09}");
        write(
            &root.join(format!("archive-v0/{id}/pkg{i}/__init__.py")),
            3000 + i,
        );
        write(
            &root.join(format!("archive-v0/{id}/pkg{i}-1.0.dist-info/RECORD")),
            200,
        );
        let dir = root.join(format!("wheels-v8/pypi/pkg{i}"));
        write(&dir.join("1.0-py3-none-any.http"), 500);
        std::os::unix::fs::symlink(
            format!("../../../archive-v0/{id}"),
            dir.join("1.0-py3-none-any"),
        )
        .unwrap();
        write(&root.join(format!("simple-v28/pypi/pkg{i}.rkyv")), 1200);
    }
    let shard = root.join("sdists-v11/pypi/tomli/2.5.0");
    write(&shard.join("revision.http"), 452);
    write(&shard.join("REV1/src/tomli/__init__.py"), 900);
    write(&shard.join("REV1/metadata.msgpack"), 30);
}

fn options<'a>(dir: &'a Path, exact: bool) -> IndexOptions<'a> {
    IndexOptions {
        dir,
        scan: Scan::quiet().on(4),
        depth: Depth::Full,
        exact,
        force: &[],
    }
}

/// What an inventory says of each entry, and the total.
fn summary(inventory: &Inventory) -> (u64, Vec<String>) {
    let rows = inventory
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} {:?} disk={} apparent={} files={} shared={} refs={:?} last_use={:?}",
                e.path, e.kind, e.disk, e.apparent, e.files, e.shared, e.references, e.last_use
            )
        })
        .collect();
    (inventory.total_disk, rows)
}

fn walked(root: &Path) -> (u64, Vec<String>) {
    let walk =
        crate::cache::walk::walk(root, layout::newest(), Scan::quiet().on(4), false).unwrap();
    summary(&Inventory::from_walk(root, walk))
}

/// Equal answers, or a panic that shows only the rows that differ.
#[track_caller]
fn same(got: (u64, Vec<String>), want: (u64, Vec<String>)) {
    if got != want {
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|r| !b.contains(r)).cloned().collect()
        };
        panic!(
            "index {} vs walk {}\nindex only: {:#?}\nwalk only: {:#?}",
            got.0,
            want.0,
            only(&got.1, &want.1),
            only(&want.1, &got.1)
        );
    }
}

fn indexed(root: &Path, dir: &Path) -> (Answer, (u64, Vec<String>)) {
    let answer = super::answer(root, layout::newest(), &options(dir, false)).unwrap();
    let rows = summary(&answer.inventory);
    (answer, rows)
}

/// A cache of `files` synthetic files in a scratch folder, and where its index goes: the
/// folder, the root, the index folder.
fn new_cache(files: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("cache");
    let store = tmp.path().join("store/index-v0");
    fill(&root, files);
    (tmp, root, store)
}

/// [`new_cache`], older than the racy window, as a cache filled earlier is.
fn aged_cache(files: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let made = new_cache(files);
    std::thread::sleep(RACY + Duration::from_millis(200));
    made
}

#[test]
fn answers_from_the_index_equal_a_walk_after_each_change() {
    // Older than the racy window, as a cache filled earlier is.
    let (_tmp, root, store) = aged_cache(40);
    let (first, answer) = indexed(&root, &store);
    assert!(first.exact, "no index yet: a walk");
    same(answer, walked(&root));
    let (second, answer) = indexed(&root, &store);
    assert!(!second.exact, "{:?}", second.warnings);
    assert_eq!(second.reread, 0, "nothing changed");
    same(answer, walked(&root));

    // A new wheel and its archive; a page rewritten as uv does (a temporary file renamed
    // over it); an sdist revision replaced; a bucket removed; a new bucket.
    write(
        &root.join("archive-v0/NEWARCHIVE00001/new/__init__.py"),
        7000,
    );
    let dir = root.join("wheels-v8/pypi/new");
    write(&dir.join("2.0-py3-none-any.http"), 512);
    std::os::unix::fs::symlink(
        "../../../archive-v0/NEWARCHIVE00001",
        dir.join("2.0-py3-none-any"),
    )
    .unwrap();
    write(&root.join("simple-v28/pypi/.tmpXYZ"), 4000);
    std::fs::rename(
        root.join("simple-v28/pypi/.tmpXYZ"),
        root.join("simple-v28/pypi/pkg3.rkyv"),
    )
    .unwrap();
    let shard = root.join("sdists-v11/pypi/tomli/2.5.0");
    std::fs::remove_dir_all(shard.join("REV1")).unwrap();
    write(&shard.join("REV2/src/tomli/__init__.py"), 1900);
    write(&root.join("interpreter-v5/abc/def.msgpack"), 100);
    let (third, answer) = indexed(&root, &store);
    assert!(!third.exact);
    assert!(third.reread > 0);
    same(answer, walked(&root));

    // Removed entries and a whole bucket gone.
    std::fs::remove_dir_all(root.join("wheels-v8/pypi/pkg7")).unwrap();
    std::fs::remove_dir_all(root.join("archive-v0/ARCHIVE000000007")).unwrap();
    std::fs::remove_dir_all(root.join("simple-v28")).unwrap();
    let (_, answer) = indexed(&root, &store);
    same(answer, walked(&root));
    // Unchanged again: the same answer, and nothing read again once out of the racy window.
    std::thread::sleep(RACY + Duration::from_millis(200));
    let (_, answer) = indexed(&root, &store);
    same(answer, walked(&root));
    let (quiet, answer) = indexed(&root, &store);
    assert_eq!(quiet.reread, 0);
    same(answer, walked(&root));
}

#[test]
fn a_broken_or_foreign_index_or_an_unwritable_store_gets_a_warning_and_a_walk() {
    let (tmp, root, store) = new_cache(5);
    let (first, _) = indexed(&root, &store);
    assert!(
        first.exact && first.warnings.is_empty(),
        "{:?}",
        first.warnings
    );
    let file = file_of(&store, &root).unwrap();
    let whole = std::fs::read(&file).unwrap();
    // Cut short.
    std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
    let (cut, answer) = indexed(&root, &store);
    assert!(cut.exact);
    assert!(cut.warnings[0].contains("corrupt"), "{:?}", cut.warnings);
    same(answer, walked(&root));
    // One byte changed.
    let mut flipped = whole.clone();
    let at = flipped.len() - 20;
    flipped[at] ^= 1;
    std::fs::write(&file, &flipped).unwrap();
    let (bad, _) = indexed(&root, &store);
    assert!(
        bad.exact && bad.warnings[0].contains("checksum"),
        "{:?}",
        bad.warnings
    );
    // Another uvcache release wrote it.
    let text = String::from_utf8_lossy(&whole).replace(env!("CARGO_PKG_VERSION"), "9.9.9");
    std::fs::write(&file, text.as_bytes()).unwrap();
    let (foreign, _) = indexed(&root, &store);
    assert!(
        foreign.exact && foreign.warnings[0].contains("uvcache 9.9.9"),
        "{:?}",
        foreign.warnings
    );
    // A store that cannot be written: a walk, and a warning naming the index.
    let blocked = tmp.path().join("blocked");
    std::fs::write(&blocked, b"a file where the store's folder should be").unwrap();
    let (unwritable, answer) = indexed(&root, &blocked.join("index-v0"));
    assert!(unwritable.exact);
    assert!(
        unwritable.warnings[0].contains("not written"),
        "{:?}",
        unwritable.warnings
    );
    same(answer, walked(&root));
}

/// The size report of an answer's inventory, written as a summary; and the summary's report.
fn sizes_both(root: &Path, store: &Path) -> (String, Option<String>) {
    use crate::cache::size::SizeReport;
    let answer = super::answer(root, layout::newest(), &options(store, false)).unwrap();
    summary::write(store, root, summary::Summary::of(&answer)).unwrap();
    let inventory = answer.inventory;
    let want = format!("{:?}", SizeReport::of(&inventory));
    let got = summary::current(store, root, 4).map(|s| {
        let report =
            SizeReport::of_tops(s.total_disk(), s.root_disk, s.top_items(layout::newest()));
        format!("{report:?}")
    });
    (want, got)
}

#[test]
fn the_summary_answers_size_only_while_nothing_it_checks_moved() {
    let (_tmp, root, store) = aged_cache(20);
    let (want, got) = sizes_both(&root, &store);
    assert_eq!(
        got.as_deref(),
        Some(want.as_str()),
        "equal to the inventory's"
    );
    assert!(summary::current(&store, &root, 4).is_some(), "and again");

    // Each change below makes it refuse; the answer after it is the inventory's again.
    let changes: [&dyn Fn(); 4] = [
        // A new archive (its bucket's directory changes).
        &|| write(&root.join("archive-v0/NEWARCHIVE00002/x.py"), 5000),
        // A page rewritten by rename, deep in a bucket.
        &|| {
            write(&root.join("simple-v28/pypi/.tmpA"), 9000);
            std::fs::rename(
                root.join("simple-v28/pypi/.tmpA"),
                root.join("simple-v28/pypi/pkg1.rkyv"),
            )
            .unwrap();
        },
        // A file at the root grows.
        &|| write(&root.join(".gitignore"), 50),
        // A new top-level bucket.
        &|| write(&root.join("interpreter-v5/a/b.msgpack"), 100),
    ];
    for (i, change) in changes.iter().enumerate() {
        std::thread::sleep(RACY + Duration::from_millis(200));
        change();
        assert!(
            summary::current(&store, &root, 4).is_none(),
            "change {i} not seen"
        );
        std::thread::sleep(RACY + Duration::from_millis(200));
        let (want, got) = sizes_both(&root, &store);
        assert_eq!(got.as_deref(), Some(want.as_str()), "after change {i}");
    }

    // Racy: a change within the window of the scan is never trusted.
    write(&root.join("simple-v28/pypi/.tmpB"), 10);
    std::fs::rename(
        root.join("simple-v28/pypi/.tmpB"),
        root.join("simple-v28/pypi/pkg2.rkyv"),
    )
    .unwrap();
    let (_, got) = sizes_both(&root, &store);
    assert_eq!(got, None, "a summary of a racy state refuses");

    // A damaged summary is refused, never read.
    let file = std::fs::read_dir(&store)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "sum"))
        .unwrap();
    std::thread::sleep(RACY + Duration::from_millis(200));
    let (want, got) = sizes_both(&root, &store);
    assert_eq!(got.as_deref(), Some(want.as_str()));
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    assert!(summary::current(&store, &root, 4).is_none(), "damaged");
    std::fs::write(&file, &bytes[..n / 2]).unwrap();
    assert!(summary::current(&store, &root, 4).is_none(), "truncated");
}

/// Every field of every entry, `used_by` aside (environments are read at query time).
fn rows(inventory: &Inventory) -> Vec<String> {
    inventory
        .entries
        .iter()
        .map(|e| {
            format!(
                "{:?}",
                Entry {
                    used_by: None,
                    ..e.clone()
                }
            )
        })
        .collect()
}

#[test]
fn the_listing_answers_only_with_its_summary_its_release_and_a_recent_last_use() {
    use std::time::SystemTime;
    let (_tmp, root, store) = new_cache(20);
    // A dangling link and an external one: every field the listing keeps is exercised.
    std::os::unix::fs::symlink(
        "/elsewhere",
        root.join("wheels-v8/pypi/pkg3/2.0-py3-none-any"),
    )
    .unwrap();
    std::thread::sleep(RACY + Duration::from_millis(200));
    let set = layout::newest();
    let checked_at = SystemTime::now();
    let answer = super::answer(&root, set, &options(&store, false)).unwrap();
    summary::write(&store, &root, summary::Summary::of(&answer)).unwrap();
    let inventory = &answer.inventory;
    let generation = listing::Generation {
        root_id: answer.root_id,
        scanned_at: answer.scanned_at,
        checked_at,
    };
    listing::write(&store, &generation, set, inventory).unwrap();
    let listed = |now: SystemTime, set: &layout::BucketSet| {
        let summary = summary::current(&store, &root, 4)?;
        listing::read(&store, &root, set, now)?.answer(&root, &summary, set)
    };

    let got = listed(SystemTime::now(), set).expect("a current listing answers");
    assert_eq!(rows(&got), rows(inventory), "every entry, every field");
    assert_eq!(got.total_disk, inventory.total_disk);
    assert_eq!(format!("{:?}", got.top), format!("{:?}", inventory.top));

    // Last use older than the window: the pointer files must be stat'ed again.
    let later = checked_at + listing::LAST_USE_WINDOW + Duration::from_secs(1);
    assert!(listed(later, set).is_none(), "past the last-use window");
    // Another release judges entries otherwise.
    let older = &layout::releases()
        .release_str("0.13.8")
        .expect("0.13.8 is in the table")
        .buckets;
    assert!(
        listed(SystemTime::now(), older).is_none(),
        "another release"
    );
    // A change the summary sees.
    std::thread::sleep(RACY + Duration::from_millis(200));
    write(&root.join("simple-v28/pypi/.tmpC"), 10);
    std::fs::rename(
        root.join("simple-v28/pypi/.tmpC"),
        root.join("simple-v28/pypi/pkg4.rkyv"),
    )
    .unwrap();
    assert!(listed(SystemTime::now(), set).is_none(), "a change");
    // A listing of an older scan, beside a summary of a newer one.
    std::thread::sleep(RACY + Duration::from_millis(200));
    let answer = super::answer(&root, set, &options(&store, false)).unwrap();
    summary::write(&store, &root, summary::Summary::of(&answer)).unwrap();
    let inventory = &answer.inventory;
    assert!(listed(SystemTime::now(), set).is_none(), "another scan");
    // Damaged or cut short: refused, never read.
    let generation = listing::Generation {
        root_id: answer.root_id,
        scanned_at: answer.scanned_at,
        checked_at: SystemTime::now(),
    };
    listing::write(&store, &generation, set, inventory).unwrap();
    assert!(listed(SystemTime::now(), set).is_some(), "rewritten");
    let file = std::fs::read_dir(&store)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "ls"))
        .unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    assert!(listed(SystemTime::now(), set).is_none(), "damaged");
    std::fs::write(&file, &bytes[..n / 2]).unwrap();
    assert!(listed(SystemTime::now(), set).is_none(), "truncated");
}

/// An index larger than what the encoder keeps in memory is written out in parts as it goes:
/// read back, every record is there and the checksum (taken over the parts) holds.
#[test]
fn an_index_written_in_parts_reads_back_whole() {
    use crate::cache::walk::{DirRecord, PointerRecord, RawWalk, Stamp};
    let mut raw = RawWalk::default();
    for i in 0..30_000u64 {
        let rel: Arc<str> = Arc::from(format!("wheels-v8/pypi/package-with-a-long-name-{i:06}"));
        let stamp = Stamp {
            ino: i,
            size: 4096,
            mtime: (1_700_000_000 + i as i64, 7),
            ctime: (1_700_000_000, 9),
            atime: (1_700_000_001, 11),
        };
        raw.recorded.dirs.push(DirRecord {
            rel: rel.clone(),
            stamp,
            blocks: 8,
            top: 0,
            entry: (i % 2 == 0).then(|| rel.clone()),
        });
        raw.recorded.pointers.push(PointerRecord {
            entry: rel.clone(),
            rel: Arc::from(format!("{rel}/{i}.http")),
            stamp,
        });
    }
    let mut bytes = Vec::new();
    codec::encode_to(raw, (3, 4), (1_700_000_000, 5), &mut bytes, &mut drop).unwrap();
    assert!(
        bytes.len() > 4 << 20,
        "several parts: {} bytes",
        bytes.len()
    );
    let snapshot = codec::decode(&bytes).expect("reads back");
    assert_eq!((snapshot.dev, snapshot.ino), (3, 4));
    assert_eq!(snapshot.dirs.len(), 30_000);
    assert_eq!(snapshot.pointers.len(), 30_000);
    let last = &snapshot.pointers[29_999];
    assert_eq!(
        &*last.rel,
        "wheels-v8/pypi/package-with-a-long-name-029999/29999.http"
    );
    assert_eq!(last.stamp.mtime, (1_700_000_000 + 29_999, 7));
    // One byte changed anywhere (here in the first part written out) is refused.
    bytes[100] ^= 1;
    assert!(codec::decode(&bytes).is_err(), "damaged");
}
