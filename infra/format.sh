#!/usr/bin/env bash
# swift-format over the repository's Swift (the toolchain's `swift format`, settings in .swift-format).
#   infra/format.sh apply   format every file in place
#   infra/format.sh check   fail, naming the files, when formatting would change any
# Generated files opt out with `// swift-format-ignore-file` (make proto writes them).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d /opt/swift/usr/bin ] && PATH=/opt/swift/usr/bin:$PATH
mode=${1:-}
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.swift')
case $mode in
apply)
    swift format format --in-place --parallel "${files[@]}"
    echo "format: ${#files[@]} file(s) formatted" ;;
check)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    for f in "${files[@]}"; do mkdir -p "$tmp/$(dirname "$f")"; cp "$f" "$tmp/$f"; done
    (cd "$tmp" && cp "$OLDPWD/.swift-format" . && swift format format --in-place --parallel "${files[@]}")
    bad=0
    for f in "${files[@]}"; do cmp -s "$f" "$tmp/$f" || { echo "format-check: $f is not formatted (make format)" >&2; bad=1; }; done
    [ $bad -eq 0 ] || exit 1
    echo "format-check: ${#files[@]} Swift file(s) formatted as .swift-format says" ;;
*) echo "usage: $0 apply|check" >&2; exit 2 ;;
esac
