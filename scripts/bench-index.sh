#!/usr/bin/env bash
# Index benchmark, side by side in one run on the synthetic cache of FILES paths
# (default 1,000,000, made by scripts/bench.sh's synth-cache): `uvcache size` and a full
# `uvcache ls` answered from the index against `uv cache size`, warm and (as root) cold with the
# page cache dropped before each run (outside the timing); `ls` once more with its listing
# removed before each run (what the first `ls` after 10 minutes or a change costs); the first run with no index against
# the walk of a build without the index (BENCH_BEFORE=PATH, a uvcache binary; default: none);
# peak memory; the index's size on disk. Warm ratios come from scripts/paired.py (paired runs,
# medians); cold ones from alternating runs timed below (medians of 3).
# BENCH_PROFILE picks the build (default quick, as the README's main job; release to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
tools_uv
FILES="${1:-1000000}"
DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/uvcache-bench}"
CACHE="$DIR/cache-$FILES"
PROFILE="${BENCH_PROFILE:-quick}"
cargo build --quiet --profile "$PROFILE" -p uvcache-cli
if [ ! -f "$DIR/done-$FILES" ]; then
    cargo build --release --quiet -p uvcache-e2e --bin synth-cache
    rm -rf "$CACHE"; mkdir -p "$DIR"
    "$PWD/target/release/synth-cache" "$CACHE" "$FILES" >&2
    touch "$DIR/done-$FILES"
fi
U="$PWD/target/$PROFILE/uvcache"
STORE="$DIR/index-store"
export UVCACHE_UV_VERSION=0.13.9 UVCACHE_STORE_DIR="$STORE"
UVSIZE="env UV_CACHE_DIR=$CACHE $UV_BIN cache size --preview-features cache-size"
echo "cache: $CACHE ($FILES paths), build: $PROFILE"

# First run, no index: the walk plus writing the index, against a build without the index.
rm -rf "$STORE"
first_ms=$( { /usr/bin/time -f '%e %M' "$U" --cache-dir "$CACHE" size --format json >/dev/null; } 2>&1 | tail -n 1)
echo "first run (no index; walks and writes it): $first_ms (s, peak KB)"
if [ -n "${BENCH_BEFORE:-}" ]; then
    echo "== first run, no index, vs BENCH_BEFORE's walk (each run starts without an index)"
    python3 scripts/paired.py -n 5 --vs "'$BENCH_BEFORE' --cache-dir '$CACHE' --uv-version 0.13.9 size --format json" \
        -- sh -c "rm -rf '$STORE'; exec '$U' --cache-dir '$CACHE' size --format json"
fi
"$U" --cache-dir "$CACHE" size --format json >/dev/null
ls -l "$STORE"/index-v0/
echo "index on disk: $(du -s -B1 "$STORE/index-v0" | cut -f1) bytes"
echo "totals: index $("$U" --cache-dir "$CACHE" size --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["total"], "exact" if r["exact"] else "from the index")'), uv $($UVSIZE)"

echo "== warm: uvcache size (index) vs uv cache size"
python3 scripts/paired.py -n 5 --vs "$UVSIZE" -- "$U" --cache-dir "$CACHE" size --format json
echo "== warm: uvcache ls, every row as NDJSON (index) vs uv cache size"
python3 scripts/paired.py -n 5 --vs "$UVSIZE" -- sh -c "exec '$U' --cache-dir '$CACHE' ls --format ndjson >/dev/null"
echo "listing on disk: $(stat -c %s "$STORE"/index-v0/*.ls) bytes"
# The listing answers within 10 minutes of its pointer stats; after that (or a change) `ls`
# revalidates the index down to the pointer files and writes a new listing.
echo "== warm: uvcache ls with the listing gone (index revalidated to the pointer files) vs uv cache size"
python3 scripts/paired.py -n 5 --vs "$UVSIZE" -- sh -c "rm -f '$STORE'/index-v0/*.ls; exec '$U' --cache-dir '$CACHE' ls --format ndjson >/dev/null"

# Cold runs are timed here, not with paired.py: its timed command would have to drop the page
# cache itself, and dropping what the previous run filled (uv's walk leaves a million dentries
# and inodes; freeing them takes seconds) would be charged to the next command.
cold() { # NAME UVCACHE_ARGS...: N alternating runs of uvcache and uv cache size, caches dropped before each
    local name=$1; shift
    python3 - "$name" "$U" "$CACHE" "$UVSIZE" "$@" <<'PY'
import statistics, subprocess, sys, time
name, u, cache, uvsize, *args = sys.argv[1:]
def drop():
    subprocess.run(["sync"], check=True)
    open("/proc/sys/vm/drop_caches", "w").write("3\n")
def timed(cmd):
    drop()
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start
a, b = [], []
for _ in range(3):
    a.append(timed([u, "--cache-dir", cache, *args]))
    b.append(timed(uvsize.split()))
ma, mb = statistics.median(a), statistics.median(b)
print(f"{name}: uvcache {ma:.3f} s (runs {', '.join(f'{x:.2f}' for x in a)}), "
      f"uv cache size {mb:.3f} s (runs {', '.join(f'{x:.2f}' for x in b)}): {ma / mb:.3f}x")
PY
}
if [ -w /proc/sys/vm/drop_caches ]; then
    echo "== cold (page cache dropped before each run, outside the timing), medians of 3"
    cold "size" size --format json
    cold "ls (NDJSON)" ls --format ndjson
else
    echo "cold runs skipped: dropping the page cache needs root"
fi
