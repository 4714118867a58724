#!/usr/bin/env bash
# Creates (or refreshes) the browser tests' Python venv, .data/venv-browser, from
# infra/browser/requirements.txt. A no-op when the venv already matches the requirements.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${BROWSER_VENV:-$ROOT/.data/venv-browser}
REQUIREMENTS=$ROOT/infra/browser/requirements.txt
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ -x "$VENV/bin/pytest" ] && [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
    exit 0
fi
echo "browser: installing $(grep -cv '^\s*\(#\|$\)' "$REQUIREMENTS") Python packages into $VENV"
mkdir -p "$(dirname "$VENV")"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQUIREMENTS"
echo "$want" > "$VENV/.requirements.sha256"
