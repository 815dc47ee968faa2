//! Times planning a policy over an inventory of N entries (default 1,000,000), built in memory:
//! `cargo run --release --example policy_plan -- [N] [BASE]`. Prints milliseconds and decisions.

use std::time::{Duration, Instant, SystemTime};

use uvcache::cache::layout::Bucket;
use uvcache::cache::{Entry, Inventory, LastUseSource, Source};
use uvcache::policy::{Clock, evaluate, parse};
use uvcache::{EntryKind, Status};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    // Optional second argument: the policy's base pass (none, prune, prune-ci).
    let base = std::env::args().nth(2);
    let day = Duration::from_secs(86_400);
    let now = SystemTime::UNIX_EPOCH + day * 20_000;
    let root = std::env::temp_dir().join("uvcache-policy-plan-bench-nonexistent");
    let mut entries: Vec<Entry> = (0..n)
        .map(|i| {
            let package = format!("pkg{:06}", i / 4);
            let version = format!("1.{}.0", i % 4);
            let path = format!("wheels-v7/pypi/{package}/{version}-py3-none-any");
            let archive = format!("archive-v0/{i:016}");
            Entry {
                path: path.clone(),
                bucket: Some(Bucket::Wheels),
                bucket_version: Some(7),
                kind: EntryKind::RegistryWheel,
                source: Some(Source::Pypi),
                package: Some(package),
                version: Some(version),
                digest: None,
                disk: 4096 * (1 + (i as u64 * 7919) % 100),
                apparent: 4000,
                shared: 0,
                files: 20,
                modified: Some(now - day * ((i * 31) % 365) as u32),
                last_use: Some(now - day * ((i * 17) % 365) as u32),
                last_use_source: LastUseSource::Atime,
                references: vec![archive.clone()],
                external_links: vec![],
                reference_links: vec![(path, archive)],
                reclaimable: 4096,
                status: Status::Live,
                members: 1 | 2 | 4 | 8,
                used_by: None,
            }
        })
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let total_disk = entries.iter().map(|e| e.disk).sum::<u64>();
    let inventory = Inventory {
        root,
        entries,
        top: vec![],
        total_disk,
        root_disk: 0,
        issues: vec![],
    };
    let text = format!(
        "{base}[[rules]]\naction = \"keep\"\npackages = [\"pkg0000*\"]\n[[rules]]\naction = \"evict\"\nolder-than = \"300 days\"\n[[rules]]\naction = \"evict\"\nkeep-latest = 3\n[[rules]]\naction = \"evict\"\nmax-size = {}\n",
        total_disk / 2,
        base = base
            .map(|b| format!("base = \"{b}\"\n"))
            .unwrap_or_default(),
    );
    let policy = parse(&text, "bench", "bench.toml", "flag").expect("policy");
    let start = Instant::now();
    let eval = evaluate(&policy, &inventory, Clock(now), None);
    let elapsed = start.elapsed();
    let evicted = eval
        .decisions
        .iter()
        .filter(|d| d.verdict == uvcache::policy::Verdict::Evict)
        .count();
    println!(
        "planned {n} entries in {} ms: {evicted} evicted, {} plan items, size after {} of {}",
        elapsed.as_millis(),
        eval.plan.items.len(),
        eval.size_after,
        total_disk
    );
}
