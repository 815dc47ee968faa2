#!/usr/bin/env bash
# The main job: builds the plugin and shows your default uv cache through it in Nushell:
# where it is and why, its size per bucket, and its ten largest packages.
# Extra arguments go to every command (e.g. `scripts/run.sh --cache-dir /path/to/cache`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
cargo build --release -p nu_plugin_uvcache
PLUGIN="$PWD/target/release/nu_plugin_uvcache"
ARGS="$*"
"$NU_BIN" -n --no-history --plugins "[$PLUGIN]" -c "
print (uvcache dir $ARGS)
let size = (uvcache size $ARGS)
print \$'total: (\$size.total)'
print (\$size.buckets)
print ((uvcache size --by package $ARGS).packages | first 10)
"
