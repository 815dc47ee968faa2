#!/usr/bin/env bash
# The main job: shows your default uv cache: where it is and which setting chose it, its size
# per bucket, and its ten largest packages, computed as your uv release computes them.
# Extra arguments go to every command (e.g. `scripts/run.sh --cache-dir /path/to/cache`).
#
# It builds the `uvcache` command with the `quick` profile and without the network parts (fetch,
# git, remotes), which the main job does not use: under two minutes the first time on 2 cores,
# a second or two after. Needs cargo and python3; no root; writes only under target/ here. The
# Nushell plugin and the full command are installed with `cargo install` (see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --profile quick -p uvcache-cli --no-default-features
UVCACHE="$PWD/target/quick/uvcache"
"$UVCACHE" dir --format json "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
path = d["path"]
chosen = " ".join(str(x) for x in (d["layer"], d.get("file") or d.get("detail")) if x)
print(f"uv cache: {path} (chosen by: {chosen})")
if not d["exists"]:
    print("There is no uv cache at that path yet. uv makes it on first use, for example")
    print("`uv pip install PACKAGE` or `uvx pycowsay`; run this again after.")
    sys.exit(3)
if not d["is_uv_cache"]:
    print("That directory is not a uv cache (no CACHEDIR.TAG from uv, no bucket).")
    sys.exit(3)
' || { [ $? -eq 3 ] && exit 0; exit 1; }
echo
"$UVCACHE" size "$@"
echo
# The per-package table is sorted largest first: its header and ten rows.
packages=$("$UVCACHE" size --by package "$@")
echo "largest packages:"
if [ "$(wc -l <<<"$packages")" -le 2 ]; then
    echo "  none yet: uv keeps wheels, sources and indexes here once it installs something."
else
    sed -n '2,12p' <<<"$packages"
fi
