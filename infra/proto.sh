#!/usr/bin/env bash
# protoc-c output for proto/*.proto, committed in Shared/CProto ({src,include}/<name>.pb-c.{c,h}).
#   infra/proto.sh gen     regenerate in place (byte-identical when nothing changed)
#   infra/proto.sh check   regenerate into a temp dir and diff against the committed files
# proto/gen-registry.sh adds the descriptor registry (registry.{c,h}) and the umbrella CProto.h.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=Shared/CProto/src
INC=Shared/CProto/include

mode=${1:-}
[ "$mode" = gen ] || [ "$mode" = check ] || { echo "usage: $0 gen|check" >&2; exit 2; }

if ! command -v protoc-c >/dev/null 2>&1; then
    if [ "$mode" = check ]; then echo "proto-check: protoc-c not installed, skipped"; exit 0; fi
    echo "proto: protoc-c not installed (make deps installs protobuf-c-compiler)" >&2; exit 1
fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
protos=(proto/*.proto)
[ ${#protos[@]} -gt 0 ] || { echo "proto: no proto/*.proto" >&2; exit 1; }
protoc-c --proto_path=proto --c_out="$tmp" "${protos[@]}"
mkdir -p "$tmp/src" "$tmp/include"
mv "$tmp"/*.pb-c.c "$tmp/src/"
mv "$tmp"/*.pb-c.h "$tmp/include/"

# The descriptor registry (registry.c/.h) and the umbrella header CProto.h are generated too.
proto/gen-registry.sh "$tmp/include" "$tmp/src"

if [ "$mode" = gen ]; then
    mkdir -p "$SRC" "$INC"
    # Files of removed protos go; unchanged files keep their mtime (no needless rebuild).
    for f in "$SRC"/*.c "$INC"/*.h; do
        case $f in *.c) [ -e "$tmp/src/$(basename "$f")" ] ;; *) [ -e "$tmp/include/$(basename "$f")" ] ;; esac || rm -f "$f"
    done
    for f in "$tmp"/src/*.c; do cmp -s "$f" "$SRC/$(basename "$f")" || cp "$f" "$SRC/"; done
    for f in "$tmp"/include/*.h; do cmp -s "$f" "$INC/$(basename "$f")" || cp "$f" "$INC/"; done
    echo "proto: regenerated ${#protos[@]} file(s) into $SRC and $INC"
    exit 0
fi

stale=0
# Compare the generated set (added, changed and removed files).
if ! diff -u <(cd "$tmp/src" && ls) <(cd "$SRC" && ls) >/dev/null \
   || ! diff -u <(cd "$tmp/include" && ls) <(cd "$INC" && ls) >/dev/null; then
    echo "proto-check: the set of generated files differs from proto/*.proto" >&2; stale=1
fi
for f in "$tmp"/src/*.c; do
    cmp -s "$f" "$SRC/$(basename "$f")" || { echo "proto-check: stale $SRC/$(basename "$f")" >&2; stale=1; }
done
for f in "$tmp"/include/*.h; do
    cmp -s "$f" "$INC/$(basename "$f")" || { echo "proto-check: stale $INC/$(basename "$f")" >&2; stale=1; }
done
if [ $stale -ne 0 ]; then echo "proto-check: FAILED — run 'make proto' and commit Shared/CProto" >&2; exit 1; fi
echo "proto-check: Shared/CProto is up to date with proto/ (${#protos[@]} file(s))"
