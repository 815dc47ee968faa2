#!/usr/bin/env bash
# Every test: unit tests, plugin examples, and end-to-end tests with real uv 0.13.9 (and older
# releases for the multi-release tests) and real
# nu 0.115.1 (installed under .tools/ on first use). Needs cargo, python3 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
python3 scripts/check-modules.py
# The e2e tests run the plugin binary from target/, so it is built first.
cargo build --workspace --bins --examples
cargo test --workspace
