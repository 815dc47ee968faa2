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
# Real servers for the remote tests (issue 15), started by the tests on 127.0.0.1: nginx with
# WebDAV (PROPFIND from libnginx-mod-http-dav-ext) from Debian, and Garage, an S3-compatible
# store, built from crates.io once per machine (about 8 minutes on 2 cores) and kept outside the
# checkout so that every clean clone reuses it.
if [ ! -x /usr/sbin/nginx ] || [ ! -f /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q nginx-core libnginx-mod-http-dav-ext >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q nginx-core libnginx-mod-http-dav-ext >/dev/null; }
fi
export NGINX_BIN=/usr/sbin/nginx
GARAGE_DIR="${UVCACHE_GARAGE_DIR:-$HOME/.cache/uvcache-tools/garage-2.5.0}"
if ! "$GARAGE_DIR/bin/garage" --version 2>/dev/null | grep -q "cargo:2.5.0"; then
    echo "building Garage 2.5.0 (S3 server for the remote tests) into $GARAGE_DIR" >&2
    cargo install garage --version 2.5.0 --locked --quiet --root "$GARAGE_DIR"
fi
export GARAGE_BIN="$GARAGE_DIR/bin/garage"
