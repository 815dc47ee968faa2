#!/usr/bin/env bash
# Every test: unit tests, plugin examples, and end-to-end tests with real uv 0.13.9 (and four
# older releases for the multi-release tests), real nu 0.115.1, and real nginx (WebDAV) and
# Garage (S3) started on 127.0.0.1 by the remote tests. Needs cargo, python3 and npm; no root.
# The tools come first (scripts/tools.sh says where each goes), so a missing one fails here,
# before the build, naming the command that installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
setup_start=$SECONDS
tools_nu
tools_uv
tools_uv_releases
tools_servers
setup_secs=$((SECONDS - setup_start))
echo "tools ready in $setup_secs s: $("$UV_BIN" --version), nu $("$NU_BIN" --version), $("$NGINX_BIN" -v 2>&1), $("$GARAGE_BIN" --version | head -n 1)" >&2
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# macOS: the crates without network features (whose C dependencies need a cross-compiler)
# type-check and pass clippy there. Windows does not build yet (docs/platforms.md).
rustup target add aarch64-apple-darwin >/dev/null 2>&1 ||
    tools_fail "the aarch64-apple-darwin target is needed for the macOS check" "rustup target add aarch64-apple-darwin"
cargo clippy -p uvcache-engine -p uvcache-commands -p uvcache-cli --no-default-features \
    --target aarch64-apple-darwin --quiet -- -D warnings
# The other systems' walk and reads (readdir, no O_NOATIME), run here by the engine's tests.
cargo test -p uvcache-engine --features portable --lib --quiet
python3 scripts/check-modules.py
# The e2e tests run the plugin binary from target/, so it is built first.
cargo build --workspace --bins --examples
cargo test --workspace
echo "scripts/test.sh: all passed in $SECONDS s, of which $setup_secs s getting the tools" >&2
