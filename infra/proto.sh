#!/usr/bin/env bash
# protoc-c output for proto/*.proto, committed in Shared/CProto ({src,include}/<name>.pb-c.{c,h}).
#   infra/proto.sh gen     regenerate in place (byte-identical when nothing changed)
#   infra/proto.sh check   regenerate into a temp dir and diff against the committed files
# The umbrella header Shared/CProto/include/CProto.h is rewritten by `gen` only while it holds
# nothing but its comment and the #include lines; otherwise it is left alone (check warns about
# generated headers it does not include).
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=Shared/CProto/src
INC=Shared/CProto/include
UMBRELLA=$INC/CProto.h

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

umbrella_text() {
    echo '/* Umbrella header for the protoc-c output of proto/ (regenerate with `make proto`). */'
    for h in "$tmp"/include/*.pb-c.h; do echo "#include \"$(basename "$h")\""; done
}
umbrella_is_generated() {
    [ -f "$UMBRELLA" ] && ! grep -qvE '^(/\* Umbrella header .*\*/|#include "[A-Za-z0-9_.-]+\.pb-c\.h")$' "$UMBRELLA"
}
check_umbrella() {
    local h
    for h in "$tmp"/include/*.pb-c.h; do
        grep -q "#include \"$(basename "$h")\"" "$UMBRELLA" 2>/dev/null \
            || echo "proto: warning: $UMBRELLA does not include $(basename "$h")" >&2
    done
}

if [ "$mode" = gen ]; then
    mkdir -p "$SRC" "$INC"
    # Files of removed protos go; unchanged files keep their mtime (no needless rebuild).
    for f in "$SRC"/*.pb-c.c "$INC"/*.pb-c.h; do
        case $f in *.c) [ -e "$tmp/src/$(basename "$f")" ] ;; *) [ -e "$tmp/include/$(basename "$f")" ] ;; esac || rm -f "$f"
    done
    for f in "$tmp"/src/*.pb-c.c; do cmp -s "$f" "$SRC/$(basename "$f")" || cp "$f" "$SRC/"; done
    for f in "$tmp"/include/*.pb-c.h; do cmp -s "$f" "$INC/$(basename "$f")" || cp "$f" "$INC/"; done
    if umbrella_is_generated || [ ! -f "$UMBRELLA" ]; then
        cmp -s <(umbrella_text) "$UMBRELLA" || umbrella_text >"$UMBRELLA"
    else
        check_umbrella
    fi
    echo "proto: regenerated ${#protos[@]} file(s) into $SRC and $INC"
    exit 0
fi

stale=0
# Compare the generated set (added, changed and removed files).
if ! diff -r -u <(cd "$tmp/src" && ls) <(cd "$SRC" && ls *.pb-c.c 2>/dev/null) >/dev/null \
   || ! diff -u <(cd "$tmp/include" && ls) <(cd "$INC" && ls *.pb-c.h 2>/dev/null) >/dev/null; then
    echo "proto-check: the set of generated files differs from proto/*.proto" >&2; stale=1
fi
for f in "$tmp"/src/*.pb-c.c; do
    cmp -s "$f" "$SRC/$(basename "$f")" || { echo "proto-check: stale $SRC/$(basename "$f")" >&2; stale=1; }
done
for f in "$tmp"/include/*.pb-c.h; do
    cmp -s "$f" "$INC/$(basename "$f")" || { echo "proto-check: stale $INC/$(basename "$f")" >&2; stale=1; }
done
if umbrella_is_generated && ! cmp -s <(umbrella_text) "$UMBRELLA"; then
    echo "proto-check: stale $UMBRELLA" >&2; stale=1
fi
check_umbrella
if [ $stale -ne 0 ]; then echo "proto-check: FAILED — run 'make proto' and commit Shared/CProto" >&2; exit 1; fi
echo "proto-check: Shared/CProto is up to date with proto/ (${#protos[@]} file(s))"
