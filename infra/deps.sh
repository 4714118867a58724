#!/usr/bin/env bash
# Installs the Debian packages the platform needs, only those missing (fast no-op otherwise).
# Also checks that `swift` is on PATH (/opt/swift/usr/bin is added when present) and creates the
# browser tests' Python venv (.data/venv-browser, infra/browser/venv.sh).
set -euo pipefail

PACKAGES=(libnanomsg-dev nanomsg-utils libprotobuf-c-dev protobuf-c-compiler libpq-dev postgresql postgresql-contrib
          wrk python3 python3-venv python3-protobuf libprotobuf-dev curl pkg-config prometheus
          chromium chromium-driver zbar-tools fonts-dejavu-core)

[ -d /opt/swift/usr/bin ] && case ":$PATH:" in *:/opt/swift/usr/bin:*) ;; *) PATH=/opt/swift/usr/bin:$PATH ;; esac

if command -v dpkg >/dev/null 2>&1; then
    missing=()
    for p in "${PACKAGES[@]}"; do
        # No pipe into `grep -q`: it stops reading early, and with pipefail a long `dpkg -s` output
        # (prometheus's) then counts as "not installed".
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "deps: installing ${missing[*]}"
        if [ "$(id -u)" -eq 0 ]; then SUDO=()
        elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo)
        else echo "deps: not root and no sudo; run as root: apt-get install -y ${missing[*]}" >&2; exit 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        "${SUDO[@]}" apt-get update -q
        "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
    fi
else
    echo "deps: no dpkg here; make sure these (or your system's equivalents) are installed: ${PACKAGES[*]}" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "deps: 'swift' is not on PATH (expected /opt/swift/usr/bin/swift); install Swift 6.x" >&2
    exit 1
fi

# The browser tests' venv (selenium, pytest, axe-core), from PyPI; a no-op when up to date.
"$(dirname "$0")/browser/venv.sh"
