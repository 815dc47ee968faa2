#!/usr/bin/env bash
# Benchmark of the freshness side: warm-hit `fetch` overhead and cached `git`
# resolution of a pinned commit, in ms, in process and as whole `uvcache` processes.
# Targets: < 5 ms and < 20 ms. Usage: scripts/bench-freshness.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p uvcache-cli --bin uvcache
cargo build --release --quiet -p uvcache-e2e --bin freshness-bench
./target/release/freshness-bench "${1:-200}" "$PWD/target/release/uvcache"
