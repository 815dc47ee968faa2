//! Remotes on a `file://` store: configuration with provenance, a push and pull round trip of
//! a built wheel (links rewritten for the target release), integrity, and the remote prune's
//! decisions. The real servers and real uv are in `tests/tests/remotes.rs`.

use std::path::Path;

use crate::cache::layout::releases::releases;
use crate::config::{Config, Flags, FrontendSettings, Layer};
use crate::policy::{Clock, Policy, builtin};
use crate::progress::Silent;
use crate::remote::prune::{RemotePruneOptions, prune};
use crate::remote::pull::{PullOptions, PullOutcome, pull};
use crate::remote::push::{PushOptions, PushOutcome, push};
use crate::remote::trust::{SecretKey, Trust};
use crate::remote::{Remote, resolve};
use crate::{Environment, Error};

use crate::testing::config;

/// A remote's keys come from the files that set them, the project's over the user's; secrets
/// and unknown keys are refused with the file and the key; a URL needs no configuration.
#[test]
fn remotes_are_configured_in_layers_and_never_hold_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, work) = crate::testing::user_and_project(
        tmp.path(),
        "[remote.team]\nurl = \"s3://old/uv\"\nregion = \"eu-west-1\"\n",
        "[remote.team]\nurl = \"s3://ci/uv\"\nendpoint = \"http://127.0.0.1:3900\"\n",
    );
    let env = Environment::new(&work).with_var("HOME", home.to_string_lossy());
    let spec = resolve(&config(&env), "team").unwrap();
    assert_eq!(spec.url, "s3://ci/uv");
    assert_eq!(spec.region.as_deref(), Some("eu-west-1"));
    assert_eq!(spec.compression, None, "zstd unless set");
    assert_eq!(spec.origins["url"].layer, Layer::UvcacheProject);
    assert_eq!(spec.origins["region"].layer, Layer::UvcacheUser);
    assert_eq!(
        spec.origins["endpoint"].file.as_deref(),
        Some(work.join("uvcache.toml").as_path())
    );
    let direct = resolve(&config(&env), "file:///srv/uv").unwrap();
    assert_eq!(direct.url, "file:///srv/uv");
    assert!(matches!(
        resolve(&config(&env), "nowhere"),
        Err(Error::Remote { .. })
    ));
    for (text, key) in [
        (
            "[remote.team]\nsecret-access-key = \"x\"\n",
            "remote.team.secret-access-key",
        ),
        ("[remote.team]\nbucket = \"x\"\n", "remote.team.bucket"),
        ("[remote.team]\nurl = 3\n", "remote.team.url"),
        (
            "[remote.team]\nurl = \"webdav+https://ci:pa55word@dav.example/uv\"\n",
            "remote.team.url",
        ),
        (
            "[remote.team]\nurl = \"s3://ci/uv\"\nendpoint = \"http://t0ken@s3.example\"\n",
            "remote.team.endpoint",
        ),
        (
            "[remote.team]\nurl = \"s3://ci/uv\"\ncompression = \"lz4\"\n",
            "remote.team.compression",
        ),
    ] {
        std::fs::write(work.join("uvcache.toml"), text).unwrap();
        match resolve(&config(&env), "team") {
            Err(error @ Error::ConfigValue { .. }) => {
                let Error::ConfigValue {
                    key: Some(k),
                    file: Some(f),
                    ..
                } = &error
                else {
                    panic!("{error:?}")
                };
                assert_eq!(k, key);
                assert_eq!(f, &work.join("uvcache.toml"));
                let said = error.to_string();
                assert!(
                    !said.contains("pa55word") && !said.contains("t0ken"),
                    "{said}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    std::fs::write(
        work.join("uvcache.toml"),
        "[remote.team]\nurl = \"ftp://x\"\n",
    )
    .unwrap();
    let spec = resolve(&config(&env), "team").unwrap();
    assert!(matches!(
        Remote::open(spec, &env),
        Err(Error::Remote { .. })
    ));
}

/// A cache with one wheel built from an sdist, laid out as uv 0.13.9 lays it out (checked
/// against real uv by `tests/tests/remotes.rs`): shard, revision, `.whl`, link to its archive.
fn built_wheel_cache(root: &Path) {
    let rev = root.join("sdists-v11/pypi/demo/1.0/REV0123456789abc");
    std::fs::create_dir_all(&rev).unwrap();
    std::fs::write(
        root.join("CACHEDIR.TAG"),
        crate::cache::layout::CACHEDIR_TAG,
    )
    .unwrap();
    std::fs::write(rev.parent().unwrap().join("revision.http"), b"pointer").unwrap();
    std::fs::write(rev.join("metadata.msgpack"), b"metadata").unwrap();
    std::fs::write(rev.join("demo-1.0-py3-none-any.whl"), b"zip bytes").unwrap();
    std::fs::create_dir_all(rev.join("src")).unwrap();
    std::fs::write(rev.join("src/setup.py"), b"unpacked sources").unwrap();
    let archive = root.join("archive-v0/ARCHIVEid-_01");
    std::fs::create_dir_all(archive.join("demo")).unwrap();
    std::fs::write(archive.join("demo/__init__.py"), b"print('demo')").unwrap();
    std::os::unix::fs::symlink(
        "../../../../../archive-v0/ARCHIVEid-_01",
        rev.join("demo-1.0-py3-none-any"),
    )
    .unwrap();
}

/// A `file://` remote in `dir/remote`, opened to push to, and its folder.
fn file_remote(dir: &Path) -> (Remote, std::path::PathBuf) {
    let env = Environment::new(dir);
    let store = dir.join("remote");
    let spec = resolve(&config(&env), &format!("file://{}", store.display())).unwrap();
    (Remote::open_to_write(spec, &env).unwrap(), store)
}

/// [`built_wheel_cache`] in `dir/evil` with the rogue's change to the built wheel's module.
fn rogue_cache(dir: &Path) -> std::path::PathBuf {
    let evil = dir.join("evil");
    built_wheel_cache(&evil);
    std::fs::write(
        evil.join("archive-v0/ARCHIVEid-_01/demo/__init__.py"),
        b"print('pwned')",
    )
    .unwrap();
    evil
}

fn push_options(policy: &Policy) -> PushOptions<'_> {
    PushOptions {
        policy,
        packages: &[],
        buckets: &releases().release_str("0.13.9").unwrap().buckets,
        uv_release: "0.13.9".into(),
        dry_run: false,
        lock_timeout: std::time::Duration::from_secs(5),
        pushed_by: "t@h".into(),
        progress: &Silent,
        signing_key: None,
        git_ref: None,
        inventory: None,
        records: None,
    }
}

/// The demo module's bytes as the cache at `root` holds them.
fn demo_module(root: &Path) -> Vec<u8> {
    std::fs::read(root.join("archive-v0/ARCHIVEid-_01/demo/__init__.py")).unwrap()
}

/// A push of `cache` under `policy`, signed with `key` (if any) from the ref `git_ref`.
fn signed_push(
    cache: &Path,
    remote: &Remote,
    policy: &Policy,
    key: Option<&SecretKey>,
    git_ref: &str,
) -> crate::error::Result<crate::remote::push::PushReport> {
    let options = PushOptions {
        signing_key: key,
        git_ref: Some(git_ref.into()),
        ..push_options(policy)
    };
    push(cache, remote, &options)
}

/// A pull into `target` trusting `trust`.
fn pull_trusting(
    target: &Path,
    remote: &Remote,
    trust: &Trust,
) -> crate::error::Result<crate::remote::pull::PullReport> {
    pull(
        target,
        remote,
        &PullOptions {
            trust,
            ..pull_options(false)
        },
    )
}

/// A remote prune by `rules` (over the default policy's base, or `base`), at `clock`.
fn remote_prune(
    remote: &Remote,
    rules: &str,
    base: Option<crate::policy::Base>,
    clock: Clock,
    dry_run: bool,
    trust: &Trust,
) -> crate::remote::prune::RemotePruneReport {
    let mut policy = builtin("default").unwrap();
    policy.rules = crate::policy::parse(rules, "t", "t.toml", "file")
        .unwrap()
        .rules;
    if let Some(base) = base {
        policy.base = base;
    }
    let options = RemotePruneOptions {
        policy: &policy,
        buckets: &releases().release_str("0.13.9").unwrap().buckets,
        clock,
        grace: std::time::Duration::ZERO,
        dry_run,
        trust,
    };
    prune(remote, &options).unwrap()
}

/// Trust in whoever can write to the remote: the explicit opt-out, for tests about other things.
static UNSIGNED: Trust = Trust {
    keys: Vec::new(),
    unsigned: true,
    accept_refs: Vec::new(),
};

/// This machine, no interpreter named: the platform alone is judged.
fn no_python() -> crate::remote::fit::Targets {
    crate::remote::fit::Targets::new(Vec::new())
}

fn pull_options(absolute_links: bool) -> PullOptions<'static> {
    PullOptions {
        packages: &[],
        buckets: &releases().release_str("0.13.9").unwrap().buckets,
        absolute_links,
        targets: &no_python,
        dry_run: false,
        lock_timeout: std::time::Duration::from_secs(5),
        force: false,
        progress: &Silent,
        trust: &UNSIGNED,
    }
}

/// A trusted and a rogue pusher: the rogue's changed build (pushed later, signed with its own
/// key, or unsigned) is never pulled by a runner that trusts only the first key; with no
/// trusted key, a pull refuses and places nothing; `accept-refs` keeps the trusted key's pushes
/// from other refs out.
#[test]
fn only_what_a_trusted_key_signed_is_pulled() {
    let tmp = tempfile::tempdir().unwrap();
    let (remote, store) = file_remote(tmp.path());
    let policy = builtin("ci").unwrap();
    let trusted = SecretKey::generate("ci-main").unwrap();
    let rogue = SecretKey::generate("pr-runner").unwrap();
    let honest = tmp.path().join("honest");
    built_wheel_cache(&honest);
    signed_push(&honest, &remote, &policy, Some(&trusted), "refs/heads/main").unwrap();
    let evil = rogue_cache(tmp.path());
    std::thread::sleep(std::time::Duration::from_millis(1100)); // a later push time
    for key in [Some(&rogue), None] {
        let report = signed_push(&evil, &remote, &policy, key, "refs/heads/main").unwrap();
        assert_ne!(report.entries[0].outcome, PushOutcome::Failed);
    }
    let trust = Trust {
        keys: vec![trusted.public()],
        unsigned: false,
        accept_refs: vec!["refs/heads/*".into()],
    };
    let target = tmp.path().join("target");
    let pulled = pull_trusting(&target, &remote, &trust).unwrap();
    assert_eq!(pulled.entries.len(), 1);
    assert_eq!(pulled.untrusted, 1, "the rogue build");
    assert_eq!(demo_module(&target), b"print('demo')");
    // Trusting everyone takes the newest push: the rogue's.
    let careless = tmp.path().join("careless");
    pull(&careless, &remote, &pull_options(false)).unwrap();
    assert_eq!(demo_module(&careless), b"print('pwned')");
    // No trusted key: refused, naming the setting, nothing placed.
    let nobody = Trust::default();
    let refused = tmp.path().join("refused");
    let err = pull_trusting(&refused, &remote, &nobody)
        .unwrap_err()
        .to_string();
    assert!(err.contains("trusted-keys"), "{err}");
    assert!(!refused.exists());
    // Only pushes from the refs accepted.
    let release_only = Trust {
        accept_refs: vec!["refs/tags/*".into()],
        ..trust.clone()
    };
    let none = pull_trusting(&tmp.path().join("tags"), &remote, &release_only).unwrap();
    assert!(none.entries.is_empty());
    assert_eq!(none.untrusted, 2);
    // A forged signature (the trusted key's name and bytes, another statement) is reported and
    // does not count.
    let listing = crate::remote::catalog::read(&remote).unwrap();
    let (rogue_id, _) = listing
        .manifests
        .iter()
        .find(|(id, _)| listing.vouched(id, &trust).is_none())
        .unwrap();
    let mut forged = listing
        .signatures
        .values()
        .flatten()
        .find(|s| s.key == trusted.public().to_string())
        .unwrap()
        .clone();
    forged.statement.manifest = rogue_id.clone();
    std::fs::write(
        store
            .join("uvcache-remote-v1")
            .join(forged.object_name().unwrap()),
        serde_json::to_vec(&forged).unwrap(),
    )
    .unwrap();
    let again = crate::remote::catalog::read(&remote).unwrap();
    assert!(again.vouched(rogue_id, &trust).is_none());
    assert!(
        again.problems.iter().any(|p| p.contains("does not verify")),
        "{:?}",
        again.problems
    );
}

/// Push sends the built wheel without its unpacked sources; pull writes it whole, the link in
/// the form the target release writes; a second push and pull move nothing; a changed object
/// is refused and leaves nothing behind.
#[test]
fn a_built_wheel_goes_round_trip_and_a_changed_object_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    built_wheel_cache(&source);
    let (remote, store) = file_remote(tmp.path());
    let policy = builtin("ci").unwrap();
    let options = push_options(&policy);
    let report = push(&source, &remote, &options).unwrap();
    assert_eq!(report.entries.len(), 1);
    let manifest = &report.entries[0].manifest;
    assert_eq!(report.entries[0].outcome, PushOutcome::Pushed);
    assert_eq!(manifest.kind, "built_wheel");
    assert_eq!(manifest.tags, ["py3-none-any"]);
    let paths: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert!(!paths.iter().any(|p| p.contains("/src/")), "{paths:?}");
    assert!(paths.contains(&"archive-v0/ARCHIVEid-_01/demo/__init__.py"));
    assert_eq!(report.traffic.objects, 5, "four files and the manifest");
    let again = push(&source, &remote, &options).unwrap();
    assert_eq!(again.entries[0].outcome, PushOutcome::Present);
    assert_eq!((again.traffic.objects, again.traffic.bytes), (0, 0));
    assert_eq!(again.traffic.skipped_bytes, manifest.size);

    // An old release writes absolute links; the pulled link resolves inside the new cache.
    let target = tmp.path().join("target");
    let pulled = pull(&target, &remote, &pull_options(true)).unwrap();
    assert_eq!(pulled.entries[0].outcome, PullOutcome::Pulled);
    // Its use record, written once its files had arrived and been checked.
    let records: Vec<String> = remote
        .list("uses")
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(
        records[0].starts_with(&format!("uses/{}.", pulled.entries[0].id)),
        "{records:?}"
    );
    let link = target.join("sdists-v11/pypi/demo/1.0/REV0123456789abc/demo-1.0-py3-none-any");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        target.join("archive-v0/ARCHIVEid-_01")
    );
    assert_eq!(
        std::fs::read(link.join("demo/__init__.py")).unwrap(),
        b"print('demo')"
    );
    let twice = pull(&target, &remote, &pull_options(false)).unwrap();
    assert_eq!(twice.entries[0].outcome, PullOutcome::Present);
    // The pulled cache's push hashes the same bytes into the same manifest and sends nothing.
    let from_target = push(&target, &remote, &options).unwrap();
    assert_eq!(from_target.entries[0].outcome, PushOutcome::Present);
    assert_eq!(from_target.traffic.objects, 0);

    // A changed object: the entry is refused, and the cache gets nothing of it.
    let hash = manifest
        .files
        .iter()
        .find(|f| f.path.ends_with(".whl"))
        .and_then(|f| f.sha256.clone())
        .unwrap();
    std::fs::write(
        store.join("uvcache-remote-v1/objects").join(&hash),
        b"zip byteZ",
    )
    .unwrap();
    std::fs::remove_dir_all(store.join("uvcache-remote-v1/uses")).unwrap();
    let fresh = tmp.path().join("fresh");
    let refused = pull(&fresh, &remote, &pull_options(false)).unwrap();
    assert!(
        remote.list("uses").unwrap().is_empty(),
        "a refused entry is not recorded as used"
    );
    match &refused.entries[0].outcome {
        PullOutcome::Failed(why) => assert!(why.contains(&hash), "{why}"),
        other => panic!("{other:?}"),
    }
    // A pull into a folder it created, that placed nothing, leaves nothing: no scaffold, no
    // lock file, no stage.
    assert!(!fresh.exists());

    // Pruned by age with a clock a day ahead: the manifest and its objects go.
    let day_later = Clock(std::time::SystemTime::now() + std::time::Duration::from_secs(86_400));
    let rules = "base = \"prune\"\n[[rules]]\naction = \"evict\"\nolder-than = \"1 hour\"\n";
    let pruned = remote_prune(&remote, rules, None, day_later, false, &UNSIGNED);
    assert_eq!(pruned.manifests_removed, 1);
    assert_eq!(pruned.objects_removed, 4);
    assert!(remote.list("objects").unwrap().is_empty());
    assert!(remote.list("manifests").unwrap().is_empty());
    assert!(remote.list("fingerprints").unwrap().is_empty());
}

/// `compression = "none"`: objects rest as the files are, and pull the same.
#[test]
fn a_remote_without_compression_stores_files_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    built_wheel_cache(&source);
    std::fs::write(
        source.join("archive-v0/ARCHIVEid-_01/demo/__init__.py"),
        "print('demo')\n".repeat(200),
    )
    .unwrap();
    let store = tmp.path().join("remote");
    let env = Environment::new(tmp.path());
    let mut spec = resolve(&config(&env), &format!("file://{}", store.display())).unwrap();
    spec.compression = Some(crate::remote::config::Compression::None);
    let remote = Remote::open_to_write(spec, &env).unwrap();
    let policy = builtin("ci").unwrap();
    let report = push(&source, &remote, &push_options(&policy)).unwrap();
    assert_eq!(report.entries[0].outcome, PushOutcome::Pushed);
    let module = report.entries[0]
        .manifest
        .files
        .iter()
        .find(|f| f.path.ends_with("demo/__init__.py"))
        .and_then(|f| f.sha256.clone())
        .unwrap();
    let stored = std::fs::read(store.join("uvcache-remote-v1/objects").join(&module)).unwrap();
    assert_eq!(stored, "print('demo')\n".repeat(200).as_bytes(), "as it is");
    assert_eq!(report.stored_bytes, report.traffic.bytes);
    let target = tmp.path().join("target");
    let pulled = pull(&target, &remote, &pull_options(false)).unwrap();
    assert_eq!(pulled.entries[0].outcome, PullOutcome::Pulled);
    assert_eq!(
        demo_module(&target),
        "print('demo')\n".repeat(200).as_bytes()
    );
}

/// Entries of an older uv's buckets go with a policy that has a base pass, and stay without
/// one; entries of a newer uv's buckets are never touched.
#[test]
fn a_remote_prune_judges_buckets_against_the_target_release() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    built_wheel_cache(&source);
    let env = Environment::new(tmp.path());
    let url = format!("file://{}", tmp.path().join("remote").display());
    let remote = Remote::open_to_write(resolve(&config(&env), &url).unwrap(), &env).unwrap();
    let ci = builtin("ci").unwrap();
    push(&source, &remote, &push_options(&ci)).unwrap();
    // A future release whose sdists bucket moved past 0.13.9's.
    let future: &'static crate::cache::layout::BucketSet =
        Box::leak(Box::new(crate::cache::layout::BucketSet::new(
            "0.99.0",
            vec![(
                crate::cache::layout::Bucket::Sdists,
                12,
                "sdists-v12".into(),
            )],
        )));
    let judge = |buckets: &'static crate::cache::layout::BucketSet, policy: Policy| {
        let report = prune(
            &remote,
            &RemotePruneOptions {
                policy: &policy,
                buckets,
                clock: Clock::system(),
                grace: std::time::Duration::from_secs(3600),
                dry_run: true,
                trust: &UNSIGNED,
            },
        )
        .unwrap();
        (
            report.manifests_removed,
            report.decisions[0].reason.to_string(),
        )
    };
    let current = &releases().release_str("0.13.9").unwrap().buckets;
    let older = &releases().release_str("0.13.8").unwrap().buckets;
    let default = || builtin("default").unwrap();
    let rules_only = || crate::policy::parse("base = \"none\"\n", "n", "n.toml", "file").unwrap();
    assert_eq!(judge(current, default()).0, 0);
    // sdists-v11 is newer than 0.13.8's sdists-v10: never touched.
    assert_eq!(judge(older, default()), (0, "bucket of a newer uv".into()));
    // ... and older than the future release's: gone with a base pass, kept without one.
    assert_eq!(
        judge(future, default()),
        (1, "base: bucket of an older uv".into())
    );
    assert_eq!(judge(future, rules_only()).0, 0);
}

/// A `file://` folder that does not exist, or that nobody pushed to, is an error naming the
/// URL, and reading it creates nothing.
#[test]
fn a_folder_without_a_remote_is_an_error_and_reading_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let env = Environment::new(tmp.path());
    let typo = tmp.path().join("typo/deeper");
    let spec = resolve(&config(&env), &format!("file://{}", typo.display())).unwrap();
    let err = Remote::open(spec, &env).err().unwrap().to_string();
    assert!(err.contains("no remote at"), "{err}");
    assert!(!tmp.path().join("typo").exists());
    let spec = resolve(&config(&env), &format!("file://{}", tmp.path().display())).unwrap();
    let err = crate::remote::catalog::read(&Remote::open(spec, &env).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("no remote at"), "{err}");
    assert!(!tmp.path().join("uvcache-remote-v1").exists());
}

/// Trusted keys add up across layers, each with the file or variable that named it; a signing
/// key's value in a file is refused, naming the file, never echoing the value.
#[test]
fn trusted_keys_have_provenance_and_a_secret_key_in_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let work = tmp.path().join("work");
    std::fs::create_dir_all(home.join(".config/uvcache")).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let old = SecretKey::generate("old").unwrap().public().to_string();
    let new = SecretKey::generate("new").unwrap().public().to_string();
    let user = home.join(".config/uvcache/config.toml");
    std::fs::write(&user, format!("trusted-keys = [\"{old}\"]\n")).unwrap();
    let env = Environment::new(&work)
        .with_var("HOME", home.to_str().unwrap())
        .with_var("UVCACHE_TRUSTED_KEYS", &new);
    let keys = config(&env).trusted_keys();
    let named: Vec<(String, Option<String>)> =
        keys.iter().map(|(k, o)| (k.clone(), o.source())).collect();
    assert_eq!(
        named,
        [
            (old.clone(), Some(user.display().to_string())),
            (new.clone(), Some("UVCACHE_TRUSTED_KEYS".into()))
        ]
    );
    let secret = "ci:c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtYmUtZWNob2Vk";
    std::fs::write(
        work.join("uvcache.toml"),
        format!("signing-key = \"{secret}\"\n"),
    )
    .unwrap();
    let err = Config::load(&env, &Flags::default(), &FrontendSettings::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("uvcache.toml") && err.contains("signing-key") && !err.contains(secret),
        "{err}"
    );
}

/// Signs `manifest` with `key` and writes it, its objects (`files`: path and bytes) and its
/// signature to the remote, as a key holder would.
fn publish_signed(
    remote: &Remote,
    key: &SecretKey,
    manifest: &crate::remote::Manifest,
    files: &[&[u8]],
) {
    for bytes in files {
        let hash = crate::text::hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes));
        remote
            .write_object(
                &format!("objects/{hash}"),
                bytes::Bytes::copy_from_slice(bytes),
            )
            .unwrap();
    }
    remote
        .write_object(
            &manifest.object_name(),
            bytes::Bytes::from(serde_json::to_vec(manifest).unwrap()),
        )
        .unwrap();
    let record = key.sign(crate::remote::trust::Statement {
        manifest: manifest.id(),
        pushed_by: "ci@main".into(),
        pushed_at: "2026-12-01T00:00:00Z".into(),
        git_ref: None,
    });
    remote
        .write_object(
            &record.object_name().unwrap(),
            bytes::Bytes::from(serde_json::to_vec(&record).unwrap()),
        )
        .unwrap();
}

/// Even a manifest a trusted key signed is placed only in the layout's shapes: a file through a
/// link the cache has, a whole bucket, a lone file or a bucket's own folder are refused with a
/// reason, and nothing is written; an archive id the cache has is never written into.
#[test]
fn a_signed_manifest_is_placed_only_in_the_layouts_shapes() {
    let tmp = tempfile::tempdir().unwrap();
    let env = Environment::new(tmp.path());
    let spec = resolve(
        &config(&env),
        &format!("file://{}", tmp.path().join("r").display()),
    )
    .unwrap();
    let remote = Remote::open_to_write(spec, &env).unwrap();
    remote.mark().unwrap();
    let key = SecretKey::generate("ci-main").unwrap();
    let trust = Trust {
        keys: vec![key.public()],
        ..Trust::default()
    };
    let evil: &[u8] = b"import os\n";
    let hash = crate::text::hex(&<sha2::Sha256 as sha2::Digest>::digest(evil));
    let file = |path: &str| crate::remote::FileRecord {
        path: path.into(),
        size: evil.len() as u64,
        sha256: Some(hash.clone()),
        executable: false,
        link: None,
    };
    let mut base = crate::remote::manifest::tests::sample();
    base.builder = Some(crate::platform::builder::Builder::here(&base.tags));
    // Through the link the target cache has to its archive, into that archive.
    let mut through = base.clone();
    through.entry = "sdists-v11/pypi/demo/1.0/REV0123456789abc/demo-1.0-py3-none-any".into();
    through.files = vec![file(&format!("{}/zz-evil.pth", through.entry))];
    through.archives.clear();
    through.size = evil.len() as u64;
    let mut bucket = through.clone();
    bucket.entry = "sdists-v11".into();
    bucket.files = vec![file("sdists-v11/zz-evil.pth")];
    let mut lone = through.clone();
    lone.bucket = "wheels".into();
    lone.bucket_version = 5;
    lone.kind = "registry_wheel".into();
    lone.entry = "wheels-v5/pypi/demo/1.0-py3-none-any".into();
    lone.files = vec![file("wheels-v5/pypi/demo/1.0-py3-none-any")];
    for manifest in [&through, &bucket, &lone] {
        publish_signed(&remote, &key, manifest, &[evil]);
    }
    let listing = crate::remote::catalog::read(&remote).unwrap();
    assert!(listing.manifests.is_empty(), "{:?}", listing.manifests);
    assert_eq!(listing.problems.len(), 3, "{:?}", listing.problems);
    // A shard folder that is a link: the entry below it would be written through it.
    let target = tmp.path().join("target");
    built_wheel_cache(&target);
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, target.join("sdists-v11/pypi/tomli")).unwrap();
    let mut tomli = base.clone();
    tomli.archives = vec!["archive-v0/NEWid".into()];
    tomli.files = vec![
        file("archive-v0/NEWid/tomli/__init__.py"),
        crate::remote::FileRecord {
            path: "sdists-v11/pypi/tomli/2.5.0/r/tomli-2.5.0-py3-none-any".into(),
            size: 0,
            sha256: None,
            executable: false,
            link: Some("archive-v0/NEWid".into()),
        },
    ];
    tomli.size = evil.len() as u64;
    publish_signed(&remote, &key, &tomli, &[evil]);
    let pulled = pull_trusting(&target, &remote, &trust).unwrap();
    match &pulled.entries[0].outcome {
        PullOutcome::Failed(why) => assert!(why.contains("through a link"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(!target.join("archive-v0/NEWid").exists(), "put back");
    // Its archive id already in the cache: left as it is.
    std::fs::remove_file(target.join("sdists-v11/pypi/tomli")).unwrap();
    let mut existing = tomli.clone();
    existing.archives = vec!["archive-v0/ARCHIVEid-_01".into()];
    existing.files[0].path = "archive-v0/ARCHIVEid-_01/zz-evil.pth".into();
    existing.files[1].link = Some("archive-v0/ARCHIVEid-_01".into());
    existing.version = Some("2.5.1".into());
    existing.entry = "sdists-v11/pypi/tomli/2.5.1".into();
    existing.files[1].path = "sdists-v11/pypi/tomli/2.5.1/r/tomli-2.5.1-py3-none-any".into();
    publish_signed(&remote, &key, &existing, &[evil]);
    let pulled = pull_trusting(&target, &remote, &trust).unwrap();
    let outcome = pulled
        .entries
        .iter()
        .find(|e| e.manifest.entry.ends_with("2.5.1"))
        .unwrap();
    assert_eq!(outcome.outcome, PullOutcome::Present);
    assert!(!target.join("archive-v0/ARCHIVEid-_01/zz-evil.pth").exists());
}

/// With `--trust-unsigned` beside a trusted key, a signed build always outranks an unsigned
/// one pushed later, and what unsigned entries were taken is said; a remote prune with the key
/// evicts the unsigned entries before any trusted one, and pruning everything leaves no object
/// named after a removed manifest.
#[test]
fn signed_entries_outrank_unsigned_ones_in_pulls_and_prunes() {
    let tmp = tempfile::tempdir().unwrap();
    let (remote, _) = file_remote(tmp.path());
    let policy = builtin("ci").unwrap();
    let trusted = SecretKey::generate("ci-main").unwrap();
    let honest = tmp.path().join("honest");
    built_wheel_cache(&honest);
    push(
        &honest,
        &remote,
        &PushOptions {
            signing_key: Some(&trusted),
            ..push_options(&policy)
        },
    )
    .unwrap();
    let evil = rogue_cache(tmp.path());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let unsigned = push(&evil, &remote, &push_options(&policy)).unwrap();
    assert!(
        unsigned
            .warnings
            .iter()
            .any(|w| w.contains("no signing key"))
    );
    let both = Trust {
        keys: vec![trusted.public()],
        unsigned: true,
        accept_refs: Vec::new(),
    };
    let target = tmp.path().join("target");
    let pulled = pull_trusting(&target, &remote, &both).unwrap();
    assert_eq!(pulled.unsigned, 0);
    assert!(
        pulled.entries[0]
            .signed_by
            .as_deref()
            .is_some_and(|k| k.starts_with("ci-main-"))
    );
    assert_eq!(demo_module(&target), b"print('demo')");
    // An entry only an unsigned push has is taken, and said.
    let other = tmp.path().join("other");
    built_wheel_cache(&other);
    std::fs::rename(
        other.join("sdists-v11/pypi/demo"),
        other.join("sdists-v11/pypi/other"),
    )
    .unwrap();
    push(&other, &remote, &push_options(&policy)).unwrap();
    let pulled = pull_trusting(&tmp.path().join("t2"), &remote, &both).unwrap();
    assert_eq!(pulled.unsigned, 1, "{:?}", pulled.entries);
    assert!(
        pulled.problems.iter().any(|p| p.contains("taken unsigned")),
        "{:?}",
        pulled.problems
    );
    // A one-entry budget keeps the trusted entry, whatever the unsigned ones claim.
    let key_only = Trust {
        keys: vec![trusted.public()],
        ..Trust::default()
    };
    let prune_with = |rules: &str, dry_run: bool| {
        let base = Some(crate::policy::Base::None);
        remote_prune(&remote, rules, base, Clock::system(), dry_run, &key_only)
    };
    let size = unsigned.entries[0].manifest.size;
    let planned = prune_with(
        &format!("[[rules]]\naction = \"evict\"\nmax-size = \"{size}B\"\n"),
        true,
    );
    let kept: Vec<_> = planned
        .decisions
        .iter()
        .filter(|d| d.verdict == crate::policy::Verdict::Keep)
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", planned.decisions);
    assert!(kept[0].signed_by.is_some(), "{:?}", planned.decisions);
    assert!(kept[0].pushed_at.is_some());
    // Everything: nothing named after a removed manifest stays, nor a manifest of the format
    // older uvcaches wrote.
    remote
        .write_object(
            &format!("manifests/{}.json", "0".repeat(64)),
            bytes::Bytes::from_static(b"{\"format\": 1, \"entry\": \"x\"}"),
        )
        .unwrap();
    let all = prune_with(
        "[[rules]]\naction = \"evict\"\nolder-than = \"0s\"\n",
        false,
    );
    assert_eq!(all.manifests_removed, 3, "{:?}", all.decisions);
    for dir in ["manifests", "signatures", "uses", "objects", "fingerprints"] {
        assert!(remote.list(dir).unwrap().is_empty(), "{dir} left");
    }
}

/// Ctrl-C (the interrupt check set on the remote) stops a pull before anything is placed and a
/// push before any object is read; neither leaves anything half visible.
#[test]
fn an_interrupted_pull_places_nothing_and_an_interrupted_push_sends_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let env = Environment::new(tmp.path());
    let source = tmp.path().join("source");
    built_wheel_cache(&source);
    let url = format!("file://{}", tmp.path().join("remote").display());
    let mut remote = Remote::open_to_write(resolve(&config(&env), &url).unwrap(), &env).unwrap();
    let policy = builtin("ci").unwrap();
    push(&source, &remote, &push_options(&policy)).unwrap();
    remote.set_interrupt(std::sync::Arc::new(|| true));
    let target = tmp.path().join("target");
    let err = pull(&target, &remote, &pull_options(false)).unwrap_err();
    assert!(matches!(err, Error::Interrupted), "{err}");
    assert!(
        !target.exists(),
        "an interrupted pull into a new folder leaves none"
    );
    let other = tmp.path().join("other");
    built_wheel_cache(&other);
    std::fs::write(
        other.join("archive-v0/ARCHIVEid-_01/demo/__init__.py"),
        b"changed",
    )
    .unwrap();
    let before = remote.list("objects").unwrap().len();
    let err = push(&other, &remote, &push_options(&policy)).unwrap_err();
    assert!(matches!(err, Error::Interrupted), "{err}");
    assert_eq!(remote.list("objects").unwrap().len(), before);
    assert_eq!(remote.list("manifests").unwrap().len(), 1);
}
