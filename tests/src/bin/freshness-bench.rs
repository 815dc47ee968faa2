//! Freshness benchmark: the overhead of a warm-hit `fetch` (a fresh entry served with no
//! request) and of resolving a pinned commit already in the store, in milliseconds.
//!
//! `cargo run --release -p uvcache-e2e --bin freshness-bench [RUNS] [UVCACHE_BIN]`
//!
//! With the path of a built `uvcache` binary, also times whole processes (`uvcache fetch`,
//! `uvcache git`), which is what a shell user waits for.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

use uvcache::Environment;
use uvcache::store::Store;
use uvcache::store::fetch::{self, FetchOptions, FetchStatus};
use uvcache::store::git::{self, GitOptions, GitStatus};
use uvcache_e2e::{git, run};

fn serve(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let body = vec![b'w'; 1 << 20];
        let mut out = stream;
        let _ = write!(
            out,
            "HTTP/1.1 200 OK\r\nCache-Control: max-age=3600\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = out.write_all(&body);
    }
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what}: median {:.3} ms, p90 {:.3} ms, min {:.3} ms ({} runs)",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 9 / 10]),
        ms(samples[0]),
        samples.len()
    );
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let cli = args.next();
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = Store::at(tmp.path().join("store"));
    let env = Environment::new(tmp.path());

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://127.0.0.1:{}/bench-1.0.tar.gz",
        listener.local_addr().expect("addr").port()
    );
    std::thread::spawn(move || serve(listener));
    let options = FetchOptions::default();
    let first = fetch::fetch(&store, &env, &url, &options).expect("first fetch");
    assert_eq!(first.status, FetchStatus::Miss);
    report(
        "warm-hit fetch (in process, 1 MiB entry)",
        time(runs, || {
            let hit = fetch::fetch(&store, &env, &url, &options).expect("fetch");
            assert_eq!(hit.status, FetchStatus::Hit);
        }),
    );

    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).expect("repo dir");
    git(&repo, &["init", "-q", "-b", "main"]);
    for i in 0..50 {
        std::fs::write(repo.join(format!("f{i}.py")), format!("X = {i}\n")).expect("write");
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", &format!("c{i}")]);
    }
    let commit = git(&repo, &["rev-parse", "HEAD"]);
    let repo_url = format!("file://{}", repo.display());
    git::resolve(
        &store,
        &env,
        &repo_url,
        Some(&commit),
        GitOptions::default(),
    )
    .expect("first resolve");
    report(
        "cached git resolution of a pinned commit (in process)",
        time(runs, || {
            let r = git::resolve(
                &store,
                &env,
                &repo_url,
                Some(&commit),
                GitOptions::default(),
            )
            .expect("resolve");
            assert_eq!(r.status, GitStatus::Hit);
        }),
    );

    if let Some(cli) = cli {
        let process = |args: &[&str]| {
            run(Command::new(&cli)
                .args(args)
                .env("UVCACHE_STORE_DIR", store.path())
                .env("UV_CACHE_DIR", tmp.path().join("uv")));
        };
        let runs = runs.min(100);
        report(
            "warm-hit `uvcache fetch` (whole process)",
            time(runs, || process(&["fetch", &url, "--format", "json"])),
        );
        report(
            "cached `uvcache git --rev <commit>` (whole process)",
            time(runs, || {
                process(&["git", &repo_url, "--rev", &commit, "--format", "json"])
            }),
        );
    }
}
