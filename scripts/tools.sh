# Sourced by the scripts: functions that install the pinned real tools when missing, each
# exporting where it is. Nothing here needs root: everything goes under .tools/ in the checkout
# (UVCACHE_TOOLS to move it), except Garage, which takes minutes to build and so is kept per
# user in ~/.cache/uvcache-tools (UVCACHE_GARAGE_DIR to move it).
#   tools_nu           nu 0.115.1 from the npm registry             -> NU_BIN        (main job, tests)
#   tools_uv           uv 0.13.9 from PyPI, in a venv               -> UV_BIN        (tests)
#   tools_uv_releases  four older uv releases, pip install --target -> UV_RELEASES_DIR (tests)
#   tools_servers      nginx with WebDAV (Debian's packages, unpacked, never installed) and
#                      Garage (S3, cargo install)                   -> NGINX_BIN, NGINX_DAV_MODULE, GARAGE_BIN (tests)
TOOLS="${UVCACHE_TOOLS:-$PWD/.tools}"
mkdir -p "$TOOLS"

# Fails the calling script at once, naming what is missing and the command that installs it.
tools_fail() {
    echo "error: $1" >&2
    echo "  install it with: $2" >&2
    exit 1
}

tools_nu() {
    find_nu() { find "$TOOLS/node/node_modules/@nushell" -path '*/bin/nu' -type f 2>/dev/null | head -n 1 || true; }
    NU_BIN="$(find_nu)"
    if [ -z "$NU_BIN" ] || ! "$NU_BIN" --version 2>/dev/null | grep -qx "0.115.1"; then
        command -v npm >/dev/null || tools_fail "npm is needed to get nu 0.115.1" "your system's Node.js package (npm)"
        echo "installing nu 0.115.1 (npm) into $TOOLS/node" >&2
        npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "nushell@0.115.1" >/dev/null
        NU_BIN="$(find_nu)"
    fi
    export NU_BIN
}

tools_uv() {
    if ! "$TOOLS/venv/bin/uv" --version 2>/dev/null | grep -q "uv 0.13.9"; then
        echo "installing uv 0.13.9 (PyPI) into $TOOLS/venv" >&2
        python3 -m venv "$TOOLS/venv"
        "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
    fi
    export UV_BIN="$TOOLS/venv/bin/uv"
}

tools_uv_releases() {
    tools_uv # its venv's pip installs them: no write to (or rehash of) the system's Python
    export UV_RELEASES_DIR="$TOOLS/uv"
    for release in 0.4.30 0.8.24 0.11.33 0.13.8; do
        if ! "$UV_RELEASES_DIR/$release/bin/uv" --version 2>/dev/null | grep -qE "^uv $release( |\$)"; then
            echo "installing uv $release (PyPI) into $UV_RELEASES_DIR/$release" >&2
            "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check --target "$UV_RELEASES_DIR/$release" "uv==$release"
        fi
    done
}

# nginx and its WebDAV module from Debian's packages: `apt-get download` with apt's lists and
# cache under .tools/apt (so no root and nothing in /var), unpacked with dpkg-deb under
# .tools/nginx. The tests run it as the invoking user on a free port.
tools_nginx() {
    local dir="$TOOLS/nginx"
    export NGINX_BIN="$dir/usr/sbin/nginx"
    export NGINX_DAV_MODULE="$dir/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"
    if [ -x "$NGINX_BIN" ] && [ -f "$NGINX_DAV_MODULE" ]; then
        return
    fi
    local install="apt-get download nginx libnginx-mod-http-dav-ext && dpkg-deb -x FILE.deb $dir (what scripts/tools.sh does; Debian or Ubuntu)"
    command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
        || tools_fail "nginx with WebDAV (for the remote tests) cannot be fetched here: no apt-get/dpkg-deb" "$install"
    echo "fetching nginx and libnginx-mod-http-dav-ext (Debian) into $dir" >&2
    local apt="$TOOLS/apt"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
    local opts=(-q -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1)
    apt-get "${opts[@]}" update >/dev/null 2>"$apt/update.log" \
        || tools_fail "apt-get update (into $apt) failed: $(tail -n 3 "$apt/update.log")" "$install"
    (cd "$apt/debs" && apt-get "${opts[@]}" download nginx libnginx-mod-http-dav-ext >/dev/null 2>"$apt/download.log") \
        || tools_fail "nginx with WebDAV could not be downloaded: $(tail -n 3 "$apt/download.log")" "$install"
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    for deb in "$apt"/debs/nginx_*.deb "$apt"/debs/libnginx-mod-http-dav-ext_*.deb; do
        dpkg-deb -x "$deb" "$dir.partial"
    done
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    [ -x "$NGINX_BIN" ] && [ -f "$NGINX_DAV_MODULE" ] && "$NGINX_BIN" -v 2>/dev/null \
        || tools_fail "the unpacked nginx at $NGINX_BIN does not run (missing libraries?)" "$install"
}

# Garage, a real S3 server, built from crates.io once per user (about 8 minutes on 2 cores).
tools_garage() {
    local dir="${UVCACHE_GARAGE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/uvcache-tools/garage-2.5.0}"
    export GARAGE_BIN="$dir/bin/garage"
    if ! "$GARAGE_BIN" --version 2>/dev/null | grep -q "cargo:2.5.0"; then
        echo "building Garage 2.5.0 (S3 server for the remote tests) into $dir, once: about 8 minutes on 2 cores" >&2
        cargo install garage --version 2.5.0 --locked --quiet --root "$dir" \
            || tools_fail "Garage 2.5.0 (S3 server for the remote tests) could not be built" \
                "cargo install garage --version 2.5.0 --locked --root $dir"
    fi
}

tools_servers() {
    tools_nginx
    tools_garage
}
