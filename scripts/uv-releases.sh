#!/usr/bin/env bash
# Prints the facts behind layouts/uv-releases.toml, one line per release: the bucket names it
# reads and writes.
# - With UV_REPO (a clone of astral-sh/uv): every release tag from 0.4.0 on, from
#   crates/uv-cache/src/lib.rs (`CacheBucket::to_str`), one line where the set changes.
# - For the releases given as arguments (default: 0.12.5 .. 0.13.9 and four older ones): the
#   bucket names in the string table of the release's Linux binary, from its wheel on PyPI.
# Usage: [UV_REPO=path] scripts/uv-releases.sh [VERSION...]
set -euo pipefail
PY="${PYTHON:-python3}"
NAMES='(built-wheels|sdists|wheels|flat-index|git|interpreter|simple|archive|builds|environments|python|binaries|osv|files)-v[0-9]+'

if [ -n "${UV_REPO:-}" ]; then
    echo "# from the source at each tag ($UV_REPO)"
    previous=""
    for tag in $(git -C "$UV_REPO" tag | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V); do
        case "$tag" in 0.[0-3].*) continue ;; esac
        set_=$(git -C "$UV_REPO" show "$tag:crates/uv-cache/src/lib.rs" 2>/dev/null \
            | grep -oE "=> \"$NAMES\"" | grep -oE "$NAMES" | tr '\n' ' ' || true)
        if [ "$set_" != "$previous" ]; then echo "$tag $set_"; previous="$set_"; fi
    done
fi

releases=("$@")
if [ ${#releases[@]} -eq 0 ]; then
    releases=(0.4.30 0.5.31 0.8.24 0.11.33)
    for patch in $(seq 5 24); do releases+=("0.12.$patch"); done
    for patch in $(seq 0 9); do releases+=("0.13.$patch"); done
fi
echo "# from the release binaries on PyPI"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for version in "${releases[@]}"; do
    rm -rf "$work/wheel"
    if ! "$PY" -m pip download --quiet --no-deps --only-binary :all: \
        --platform manylinux_2_17_x86_64 --python-version 3.11 -d "$work/wheel" "uv==$version" >/dev/null 2>&1; then
        echo "$version (download failed)"
        continue
    fi
    (cd "$work/wheel" && unzip -q -o ./*.whl 'uv-*.data/scripts/uv')
    binary=$(find "$work/wheel" -path '*scripts/uv' | head -n 1)
    echo "$version $(grep -aoE "$NAMES" "$binary" | sort -u | tr '\n' ' ')"
done
