# Sourced by the scripts: installs the pinned real tools under .tools/ when missing and exports
# UV_BIN and NU_BIN. uv 0.13.9 (the newest release, the default) comes from PyPI into a venv, nu 0.115.1 from the npm registry.
TOOLS="${UVCACHE_TOOLS:-$PWD/.tools}"
mkdir -p "$TOOLS"
if ! "$TOOLS/venv/bin/uv" --version 2>/dev/null | grep -q "uv 0.13.9"; then
    python3 -m venv "$TOOLS/venv"
    "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
export UV_BIN="$TOOLS/venv/bin/uv"
# Older real releases for the multi-release tests, each once: pip install --target.
export UV_RELEASES_DIR="$TOOLS/uv"
for release in 0.4.30 0.8.24 0.11.33 0.13.8; do
    if ! "$UV_RELEASES_DIR/$release/bin/uv" --version 2>/dev/null | grep -qE "^uv $release( |\$)"; then
        python3 -m pip install --quiet --disable-pip-version-check --target "$UV_RELEASES_DIR/$release" "uv==$release"
    fi
done
find_nu() { find "$TOOLS/node/node_modules/@nushell" -path '*/bin/nu' -type f 2>/dev/null | head -n 1 || true; }
NU_BIN="$(find_nu)"
if [ -z "$NU_BIN" ] || ! "$NU_BIN" --version 2>/dev/null | grep -qx "0.115.1"; then
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "nushell@0.115.1" >/dev/null
    NU_BIN="$(find_nu)"
fi
export NU_BIN
echo "using $("$UV_BIN" --version) ($UV_BIN) and nu $("$NU_BIN" --version) ($NU_BIN)" >&2
