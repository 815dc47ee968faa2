# Sourced by the scripts: functions that install the pinned real tools when missing, each
# exporting where it is. Nothing here needs root: everything goes under .tools/ in the checkout
# (UVCACHE_TOOLS to move it), except Garage, which takes minutes to build and so is kept per
# user in ~/.cache/uvcache-tools (UVCACHE_GARAGE_DIR to move it).
#   tools_nu           nu 0.115.1 from the npm registry             -> NU_BIN        (main job, tests)
#   tools_uv           uv 0.13.9 from PyPI, in a venv               -> UV_BIN        (tests)
#   tools_uv_releases  four older uv releases, pip install --target -> UV_RELEASES_DIR (tests)
#   tools_servers      nginx with WebDAV (Debian's packages, unpacked, never installed) and
#                      Garage (S3, cargo install)                   -> NGINX_BIN, NGINX_DAV_MODULE, GARAGE_BIN (tests)
#   tools_wine         Wine 8.0 and the mingw-w64 linker (Debian's packages, unpacked), and
#                      uv 0.13.8's Windows build from PyPI          -> WINE64, UV_WIN, UV_WIN_PYTHON (tests)
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

# Debian packages fetched with `apt-get download`, apt's lists and cache under .tools/apt (so
# no root and nothing in /var), and unpacked with dpkg-deb into DEST.partial, for the caller to
# finish and move into place: tools_debs WHAT INSTALL DEST PACKAGE...
tools_debs() {
    local what=$1 install=$2 dest=$3
    shift 3
    command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
        || tools_fail "$what cannot be fetched here: no apt-get/dpkg-deb" "$install"
    echo "fetching $* (Debian) into $dest" >&2
    local apt="$TOOLS/apt"
    local debs="$apt/debs/$(basename "$dest")"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$debs"
    local opts=(-q -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1)
    apt-get "${opts[@]}" update >/dev/null 2>"$apt/update.log" \
        || tools_fail "apt-get update (into $apt) failed: $(tail -n 3 "$apt/update.log")" "$install"
    (cd "$debs" && apt-get "${opts[@]}" download "$@" >/dev/null 2>"$apt/download.log") \
        || tools_fail "$what could not be downloaded: $(tail -n 3 "$apt/download.log")" "$install"
    rm -rf "$dest.partial" && mkdir -p "$dest.partial"
    for package in "$@"; do
        dpkg-deb -x "$(ls "$debs/${package}"_*.deb | head -n 1)" "$dest.partial"
    done
    rm -rf "$debs"
}

# nginx and its WebDAV module from Debian's packages (tools_debs), under .tools/nginx. The
# tests run it as the invoking user on a free port.
tools_nginx() {
    local dir="$TOOLS/nginx"
    export NGINX_BIN="$dir/usr/sbin/nginx"
    export NGINX_DAV_MODULE="$dir/usr/lib/nginx/modules/ngx_http_dav_ext_module.so"
    if [ -x "$NGINX_BIN" ] && [ -f "$NGINX_DAV_MODULE" ]; then
        return
    fi
    local install="apt-get download nginx libnginx-mod-http-dav-ext && dpkg-deb -x FILE.deb $dir (what scripts/tools.sh does; Debian or Ubuntu)"
    tools_debs "nginx with WebDAV (for the remote tests)" "$install" "$dir" nginx libnginx-mod-http-dav-ext
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

# Windows, run for real under Wine: Debian bookworm's Wine 8.0 and mingw-w64 gcc (for Rust's
# x86_64-pc-windows-gnu), unpacked under .tools/wine like nginx, a Wine prefix there, and uv
# 0.13.8's own Windows build. Wine 8.0 lacks two things the tests need, built here with that gcc
# from tests/windows/: `bcryptprimitives.dll` (Rust's std imports ProcessPrng from it since
# 1.78), and a Python: no Windows CPython can be downloaded here, so `C:\py312\python.exe` is a
# stand-in that prints a Windows CPython 3.12's answer to uv's interpreter query (uv runs the
# interpreter for nothing else when it installs wheels). The caches are real uv's.
tools_wine() {
    local dir="$TOOLS/wine" src="$PWD/tests/windows"
    local root="$dir/root"
    local pkgs=(wine64 libwine libz-mingw-w64 gcc-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix-runtime
        gcc-mingw-w64-base binutils-mingw-w64-x86-64 mingw-w64-x86-64-dev mingw-w64-common)
    local install="apt-get download ${pkgs[*]} && dpkg-deb -x FILE.deb $root (what scripts/tools.sh does)"
    if [ ! -x "$root/usr/lib/wine/wine64" ] || [ ! -x "$root/usr/bin/x86_64-w64-mingw32-gcc-posix" ]; then
        tools_debs "Wine and mingw-w64 (for the Windows tests)" "$install" "$root" "${pkgs[@]}"
        mkdir -p "$root.partial/bin"
        # Debian's wineserver wrapper names its installed path: run the one beside it instead.
        printf '#!/bin/sh -e\nexec "$(dirname "$(readlink -f "$0")")/wineserver64" -p0 "$@"\n' \
            > "$root.partial/usr/lib/wine/wineserver"
        chmod +x "$root.partial/usr/lib/wine/wineserver"
        # user32.dll imports zlib1.dll (libz-mingw-w64).
        ln -sf ../../../../x86_64-w64-mingw32/lib/zlib1.dll \
            "$root.partial/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/zlib1.dll"
        for t in gcc cpp gcc-ar gcc-nm gcc-ranlib; do
            ln -sf "../usr/bin/x86_64-w64-mingw32-$t-posix" "$root.partial/bin/x86_64-w64-mingw32-$t"
        done
        rm -rf "$root" && mv "$root.partial" "$root"
    fi
    export PATH="$PATH:$root/bin:$root/usr/bin"
    export WINEPREFIX="$dir/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    export WINESERVER="$root/usr/lib/wine/wineserver" WINELOADER="$root/usr/lib/wine/wine64"
    export WINE64="$WINELOADER"
    export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="$root/bin/x86_64-w64-mingw32-gcc"
    local shims="$dir/shims"
    mkdir -p "$shims"
    local gcc="$root/bin/x86_64-w64-mingw32-gcc"
    [ "$shims/bcryptprimitives.dll" -nt "$src/bcryptprimitives.c" ] || "$gcc" -O2 -shared \
        -o "$shims/bcryptprimitives.dll" "$src/bcryptprimitives.c" "$src/bcryptprimitives.def" -ladvapi32
    [ "$shims/python.exe" -nt "$src/fakepython.c" ] || "$gcc" -O2 -o "$shims/python.exe" "$src/fakepython.c"
    local sys32="$WINEPREFIX/drive_c/windows/system32" py="$WINEPREFIX/drive_c/py312"
    if [ ! -f "$sys32/kernel32.dll" ]; then
        echo "making the Wine prefix $WINEPREFIX" >&2
        "$WINELOADER" wineboot --init >/dev/null 2>&1 || true
        "$WINESERVER" -w
    fi
    cp -f "$root/usr/x86_64-w64-mingw32/lib/zlib1.dll" "$shims/bcryptprimitives.dll" "$sys32/"
    mkdir -p "$py/Lib/site-packages" "$py/Lib/venv/scripts/nt" "$py/DLLs"
    cp -f "$src/python.json" "$py/"
    for exe in python pythonw Lib/venv/scripts/nt/python Lib/venv/scripts/nt/pythonw \
        Lib/venv/scripts/nt/venvlauncher Lib/venv/scripts/nt/venvwlauncher; do
        cp -f "$shims/python.exe" "$py/$exe.exe"
    done
    export UV_WIN_PYTHON='C:\py312\python.exe'
    export UV_WIN="$dir/uv-0.13.8/uv.exe"
    if [ ! -f "$UV_WIN" ]; then
        echo "fetching uv 0.13.8's Windows build (PyPI) into $dir/uv-0.13.8" >&2
        local tmp
        tmp="$(mktemp -d)"
        mkdir -p "$(dirname "$UV_WIN")"
        python3 -m pip download --quiet --disable-pip-version-check uv==0.13.8 --platform win_amd64 \
            --only-binary=:all: --no-deps -d "$tmp"
        python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], "wb").write(z.read(next(n for n in z.namelist() if n.endswith("/uv.exe"))))' \
            "$tmp"/uv-0.13.8-*.whl "$UV_WIN.partial"
        mv "$UV_WIN.partial" "$UV_WIN" && rm -rf "$tmp"
    fi
    "$WINE64" "$UV_WIN" --version 2>/dev/null | grep -q "uv 0.13.8" \
        || tools_fail "uv 0.13.8's Windows build does not run under Wine at $UV_WIN" "$install"
}
