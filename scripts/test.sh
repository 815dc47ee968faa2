#!/usr/bin/env bash
# Every test: unit tests, plugin examples, and end-to-end tests with real uv 0.13.9 (and four
# older releases for the multi-release tests), real nu 0.115.1, real nginx (WebDAV) and
# Garage (S3) started on 127.0.0.1 by the remote tests, and uv 0.13.8's Windows build under
# Wine. Needs cargo, python3, npm, apt-get and dpkg-deb; no root.
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
tools_wine
setup_secs=$((SECONDS - setup_start))
echo "tools ready in $setup_secs s: $("$UV_BIN" --version), nu $("$NU_BIN" --version), $("$NGINX_BIN" -v 2>&1), $("$GARAGE_BIN" --version | head -n 1)" >&2
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# macOS and Windows: the crates without network features (whose C dependencies need a
# cross-compiler) type-check and pass clippy there (docs/platforms.md).
for target in aarch64-apple-darwin x86_64-pc-windows-msvc; do
    rustup target add "$target" >/dev/null 2>&1 ||
        tools_fail "the $target target is needed for the $target check" "rustup target add $target"
    cargo clippy -p uvcache-engine -p uvcache-commands -p uvcache-cli --no-default-features \
        --target "$target" --quiet -- -D warnings
done
# The other systems' walk and reads (readdir, no O_NOATIME), run here by the engine's tests.
cargo test -p uvcache-engine --features portable --lib --quiet
python3 scripts/check-modules.py
# The e2e tests run the plugin binary from target/, so it is built first; and uvcache.exe, which
# tests/tests/windows.rs runs under Wine against uv's own Windows build.
cargo build --workspace --bins --examples
rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1 ||
    tools_fail "the x86_64-pc-windows-gnu target is needed for the Windows tests" "rustup target add x86_64-pc-windows-gnu"
cargo build -p uvcache-cli --no-default-features --target x86_64-pc-windows-gnu
cargo test --workspace
# The same walk, removal and index tests against real uv on the other systems' path, whose
# inventory must equal the fast path's (the CLI built above) entry by entry.
cargo test -p uvcache-e2e --features portable --test real_uv --test removal_vs_uv --test index
echo "scripts/test.sh: all passed in $SECONDS s, of which $setup_secs s getting the tools" >&2
