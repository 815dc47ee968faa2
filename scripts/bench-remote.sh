#!/usr/bin/env bash
# Remote benchmark: push and pull of COUNT wheels built from sdists (default 1,000 of
# about 2 MiB: about 2 GB) against nginx WebDAV and Garage S3 started here on 127.0.0.1, beside
# `rclone copy` of the same directories to the same server and one `tar | zstd` archive of the
# cache uploaded with `curl -T` (what CI caches do today). Prints wall times, throughput and
# ratios, and a second push of the unchanged entries as a share of the first (target < 5%).
#
# Pushes are signed and pulls verify (a key made with `uvcache remote keygen`, trusted by the
# pulls); the push's bytes sent and stored are printed as shares of the entries' bytes (issue
# 22: goal <= 0.6). BENCH_BEFORE=PATH also runs another uvcache binary (an older build) on the
# same cache and servers, in turn with this one, and prints this build's times as ratios of its.
# BENCH_OTHERS=0 skips rclone and the tar archive. BENCH_PROFILE=quick builds as the main job.
# BENCH_PLAIN=1 (the default) also pushes and pulls with this build to a remote configured with
# compression = "none" (what the CPU costs on loopback, where bytes are free).
#
# BENCH_ENTRIES=N and BENCH_ENTRY_KIB=K change the cache; BENCH_DIR where everything is written;
# BENCH_PULL_DIR where pulls write (default: /dev/shm when it has room, because ext4 allocates
# inodes slowly next to the thousands the previous run's copy just freed: measured up to half of
# a pull's system time, and more for whichever build pulled sooner after a removal);
# BENCH_SERVERS="webdav s3" (the default) chooses the servers; BENCH_RCLONE_WEBDAV=0 skips rclone against nginx (its WebDAV backend paces calls 10 ms apart,
# so it takes about 15 minutes for this cache).
# BENCH_RATE=1gbit (any `tc` rate) runs everything in a network namespace of its own whose
# loopback is shaped to that rate (`unshare -n`, then a `tbf` queue on `lo`; needs root): on
# plain loopback bytes cost nothing, so what compression saves on a real link does not show.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
tools_servers
COUNT="${BENCH_ENTRIES:-1000}"
KIB="${BENCH_ENTRY_KIB:-2048}"
DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/uvcache-bench-remote}"
command -v rclone >/dev/null || apt-get install -y -q rclone >/dev/null
# rclone's S3 backend fails on a custom CA bundle with its own transport; the servers are http.
unset AWS_CA_BUNDLE
# BENCH_PROFILE=quick builds as the README's main job does (to compare with a quick build).
PROFILE="${BENCH_PROFILE:-release}"
cargo build --profile "$PROFILE" --quiet -p uvcache-cli
cargo build --release --quiet -p uvcache-e2e --bin synth-cache
# Tools and builds are in place: the namespace has no network (the script runs again in it).
if [ -n "${BENCH_RATE:-}" ] && [ -z "${BENCH_IN_NETNS:-}" ]; then
    exec unshare -n env BENCH_IN_NETNS=1 "$PWD/scripts/bench-remote.sh" "$@"
fi
if [ -n "${BENCH_RATE:-}" ]; then
    ip link set lo up
    tc qdisc add dev lo root tbf rate "$BENCH_RATE" burst 256kb latency 50ms
    echo "loopback shaped: $(tc qdisc show dev lo)"
fi
UVCACHE="$PWD/target/$PROFILE/uvcache"
CACHE="$DIR/cache-$COUNT-$KIB"
mkdir -p "$DIR"
# v2: the synthetic entries have the proportions of real ones (unpacked sdist, .whl, wheel).
if [ ! -f "$DIR/done-v2-$COUNT-$KIB" ]; then
    rm -rf "$CACHE"
    "$PWD/target/release/synth-cache" --built "$CACHE" "$COUNT" "$KIB"
    touch "$DIR/done-v2-$COUNT-$KIB" # outside the cache root
fi
# The signing key of the pushes, trusted by the pulls.
rm -f "$DIR/bench.secret"
PUBLIC=$("$UVCACHE" remote keygen bench --output "$DIR/bench.secret" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["public_key"])')
export UVCACHE_SIGNING_KEY_FILE="$DIR/bench.secret" UVCACHE_TRUSTED_KEYS="$PUBLIC"
BEFORE="${BENCH_BEFORE:-}"
BYTES=$(du -s -B1 --apparent-size "$CACHE" | cut -f1)
PULLED="${BENCH_PULL_DIR:-}"
if [ -z "$PULLED" ]; then
    PULLED="$DIR/pulled"
    shm=$(df -B1 --output=avail /dev/shm 2>/dev/null | tail -1 || echo 0)
    [ "${shm:-0}" -gt $((3 * BYTES)) ] && PULLED=/dev/shm/uvcache-bench-pulled
fi
echo "pulls write into $PULLED"
echo "cache: $CACHE ($COUNT built wheels, $(find "$CACHE" -type f | wc -l) files, $BYTES bytes)"

PIDS=()
cleanup() { rm -rf "$PULLED"; for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 300); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; echo "no server on $1" >&2; exit 1; }

# nginx with WebDAV.
NG="$DIR/nginx"; rm -rf "$NG"; mkdir -p "$NG/dav" "$NG/body"
NG_PORT=$(port)
cat >"$NG/nginx.conf" <<EOF
load_module $NGINX_DAV_MODULE;
$( [ "$(id -u)" = 0 ] && echo 'user root;' ) daemon off; pid $NG/nginx.pid; error_log $NG/error.log;
events {}
http { client_body_temp_path $NG/body; proxy_temp_path $NG/proxy; fastcgi_temp_path $NG/fastcgi;
  uwsgi_temp_path $NG/uwsgi; scgi_temp_path $NG/scgi; access_log off;
  server { listen 127.0.0.1:$NG_PORT; root $NG/dav;
    location / { dav_methods PUT DELETE MKCOL COPY MOVE; dav_ext_methods PROPFIND OPTIONS;
                 create_full_put_path on; client_max_body_size 0; } } }
EOF
setsid "$NGINX_BIN" -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" & PIDS+=($!)
wait_port "$NG_PORT"

# Garage, single node.
GA="$DIR/garage"; rm -rf "$GA"; mkdir -p "$GA"
RPC=$(port); S3=$(port); ADMIN=$(port)
cat >"$GA/garage.toml" <<EOF
metadata_dir = "$GA/meta"
data_dir = "$GA/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$RPC"
rpc_public_addr = "127.0.0.1:$RPC"
rpc_secret = "$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$S3"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:$ADMIN"
EOF
G() { "$GARAGE_BIN" -c "$GA/garage.toml" "$@"; }
setsid "$GARAGE_BIN" -c "$GA/garage.toml" server >"$GA/log" 2>&1 & PIDS+=($!)
wait_port "$S3"
NODE=$(G node id -q | cut -d@ -f1)
G layout assign -z dc1 -c 100G "$NODE" >/dev/null
G layout apply --version 1 >/dev/null
G bucket create bench >/dev/null
KEY=$(G key create bench)
export AWS_ACCESS_KEY_ID=$(echo "$KEY" | awk -F': *' '/Key ID/ {print $2}')
export AWS_SECRET_ACCESS_KEY=$(echo "$KEY" | awk -F': *' '/Secret key/ {print $2}')
export AWS_ENDPOINT_URL="http://127.0.0.1:$S3" AWS_REGION=garage
G bucket allow --read --write bench --key bench >/dev/null

ms() { local s; s=$(date +%s%N); "$@" >"$DIR/last.out" 2>"$DIR/last.err" || { cat "$DIR/last.err" >&2; exit 1; }; echo $((($(date +%s%N) - s) / 1000000)); }
rate() { python3 -c "print(f'{$BYTES / ($1 / 1000) / 1e6:8.1f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
row() { printf '%-44s %9s ms %8s MB/s %8s\n' "$1" "$2" "$(rate "$2")" "$3"; }
U() { "$UVCACHE" --uv-version 0.13.9 "$@"; }
B() { "$BEFORE" --uv-version 0.13.9 "$@"; }
share() { python3 -c "import json; r = json.load(open('$DIR/push.json')); e = r['entry_bytes']; print(f\"entries {e} bytes; sent {r['bytes_sent']} ({r['bytes_sent'] / e:.2f}); stored {r['bytes_stored']} ({r['bytes_stored'] / e:.2f}) (goal <= 0.6)\")"; }

bench() { # NAME UVCACHE_URL RCLONE_REMOTE CURL_PUT_URL CURL_ARGS...
    local name=$1 url=$2 rc=$3 put=$4; shift 4
    local curl_args; curl_args=$(printf '%q ' "$@")
    echo; echo "== $name"
    local push1 push2 pull rup rdown tup tdown
    # The cache's files in the page cache first: whichever build pushes first would otherwise
    # pay for reading them from the disk.
    tar -C "$CACHE" -cf - . | cat >/dev/null
    push1=$(ms U --cache-dir "$CACHE" push "$url" --format json)
    cp "$DIR/last.out" "$DIR/push.json"
    push2=$(ms U --cache-dir "$CACHE" push "$url")
    # A fresh machine whose cache was restored from a tarball: the same files and times, new
    # inodes, and a store with no record of what was hashed (within 1.15x of a first
    # push). It hashes every file again and sends only what the remote lacks.
    local restored="$DIR/restored" restored_ms
    rm -rf "$restored" "$DIR/fresh-store"
    tar -C "$CACHE" -cf - . | (mkdir -p "$restored" && tar -C "$restored" -xf -)
    restored_ms=$(ms env UVCACHE_STORE_DIR="$DIR/fresh-store" "$UVCACHE" --uv-version 0.13.9 --cache-dir "$restored" push "$url")
    rm -rf "$restored" "$DIR/fresh-store"
    echo "push from a restored copy (new inodes, fresh store): $restored_ms ms = $(ratio "$restored_ms" "$push1") of the first push (target <= 1.15)"
    rm -rf "$PULLED"
    pull=$(ms U --cache-dir "$PULLED" pull "$url")
    # The pulled cache holds exactly the entries pushed. Every copy is removed once measured:
    # the whole run needs about 3 times the cache on disk, not 8.
    [ "$(find "$PULLED/archive-v0" -type f | wc -l)" = "$(find "$CACHE/archive-v0" -type f | wc -l)" ] || { echo "pull incomplete" >&2; exit 1; }
    rm -rf "$PULLED"
    if [ -n "$BEFORE" ]; then
        local bpush1 bpush2 bpull
        tar -C "$CACHE" -cf - . | cat >/dev/null
        bpush1=$(ms B --cache-dir "$CACHE" push "$url-before")
        bpush2=$(ms B --cache-dir "$CACHE" push "$url-before")
        bpull=$(ms B --cache-dir "$PULLED" pull "$url-before")
        rm -rf "$PULLED"
        echo "this build / BENCH_BEFORE: push $push1 / $bpush1 ms = $(ratio "$push1" "$bpush1"), second push $push2 / $bpush2 ms = $(ratio "$push2" "$bpush2"), pull $pull / $bpull ms = $(ratio "$pull" "$bpull")"
    fi
    if [ "${BENCH_PLAIN:-1}" = 1 ]; then
        # This build again, to a remote named in a config file with compression = "none".
        local ppush1 ppush2 ppull xdg="$DIR/xdg"
        mkdir -p "$xdg/uvcache"
        printf '[remote.plain]\nurl = "%s"\ncompression = "none"\n' "$url-plain" >"$xdg/uvcache/config.toml"
        tar -C "$CACHE" -cf - . | cat >/dev/null
        ppush1=$(ms env XDG_CONFIG_HOME="$xdg" "$UVCACHE" --uv-version 0.13.9 --cache-dir "$CACHE" push plain)
        ppush2=$(ms env XDG_CONFIG_HOME="$xdg" "$UVCACHE" --uv-version 0.13.9 --cache-dir "$CACHE" push plain)
        ppull=$(ms env XDG_CONFIG_HOME="$xdg" "$UVCACHE" --uv-version 0.13.9 --cache-dir "$PULLED" pull plain)
        rm -rf "$PULLED"
        echo "compression = \"none\": push $ppush1 ms, second push $ppush2 ms ($(python3 -c "print(f'{100 * $ppush2 / $ppush1:.1f}')")%), pull $ppull ms$([ -n "$BEFORE" ] && echo "; / BENCH_BEFORE: push $(ratio "$ppush1" "$bpush1"), pull $(ratio "$ppull" "$bpull")")"
    fi
    if [ "${BENCH_OTHERS:-1}" = 0 ]; then
        echo "uvcache push $push1 ms, pull $pull ms; second push $push2 ms = $(python3 -c "print(f'{100 * $push2 / $push1:.1f}')")% of the first (target < 5%)"
        share
        return
    fi
    if [ "$rc" != skip ]; then
        rup=$(ms rclone copy --transfers 16 --checkers 16 --links "$CACHE" "$rc/rclone")
        rm -rf "$DIR/rclone-down"
        rdown=$(ms rclone copy --transfers 16 --checkers 16 --links "$rc/rclone" "$DIR/rclone-down")
        rm -rf "$DIR/rclone-down"
        rclone purge "$rc/rclone" 2>/dev/null || true
    fi
    tup=$(ms bash -c "tar -C '$CACHE' -cf - . | zstd -q -T0 -3 -o '$DIR/cache.tar.zst' -f && curl -sfS $curl_args -T '$DIR/cache.tar.zst' '$put'")
    local packed; packed=$(stat -c %s "$DIR/cache.tar.zst"); rm -f "$DIR/cache.tar.zst"
    rm -rf "$DIR/tar-down" && mkdir -p "$DIR/tar-down"
    tdown=$(ms bash -c "curl -sfS $curl_args '$put' | zstd -q -d | tar -C '$DIR/tar-down' -xf -")
    rm -rf "$DIR/tar-down"
    printf '%-44s %12s %13s %8s\n' "" "wall" "throughput" "vs uvcache"
    row "uvcache push (16 requests in flight)" "$push1" "1.00"
    [ "$rc" = skip ] || row "rclone copy up (--transfers 16)" "$rup" "$(ratio "$rup" "$push1")"
    row "tar | zstd -3 + curl -T (one archive)" "$tup" "$(ratio "$tup" "$push1")"
    row "uvcache pull (hash-checked, into place)" "$pull" "1.00"
    [ "$rc" = skip ] || row "rclone copy down" "$rdown" "$(ratio "$rdown" "$pull")"
    row "curl | zstd -d | tar -x" "$tdown" "$(ratio "$tdown" "$pull")"
    echo "second push of unchanged entries: $push2 ms = $(python3 -c "print(f'{100 * $push2 / $push1:.1f}')")% of the first (target < 5%)"
    echo "archive: $packed bytes compressed"
    share
}

RC_WEBDAV=":webdav,url='http://127.0.0.1:$NG_PORT':"
[ "${BENCH_RCLONE_WEBDAV:-1}" = 0 ] && RC_WEBDAV=skip
SERVERS=" ${BENCH_SERVERS:-webdav s3} "
if [[ $SERVERS == *" webdav "* ]]; then
    bench "nginx WebDAV" "webdav+http://127.0.0.1:$NG_PORT/uvcache" "$RC_WEBDAV" "http://127.0.0.1:$NG_PORT/tar/cache.tar.zst"
    rm -rf "${NG:?}/dav"/*
fi
if [[ $SERVERS == *" s3 "* ]]; then
    bench "Garage S3" "s3://bench/uvcache" ":s3,provider=Other,endpoint='$AWS_ENDPOINT_URL',region=garage,env_auth=true:bench" "$AWS_ENDPOINT_URL/bench/tar/cache.tar.zst" --aws-sigv4 "aws:amz:garage:s3" -u "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD"
fi
