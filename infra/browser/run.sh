#!/usr/bin/env bash
# The browser tests: headless Chromium (Debian's, through chromium-driver) against the real platform.
#
#   infra/browser/run.sh [--build-dir DIR] [PYTEST ARGS...]
#
# Starts a throwaway Postgres (.data/pg-browser, port BROWSER_PG_PORT, default 55438) and every
# executable (gateway on BROWSER_GATEWAY_PORT, default 8390) with a known JWT_SECRET and
# TELEGRAM_BOT_TOKEN, then runs pytest on Tests/BrowserTests (the venv .data/venv-browser is
# created by infra/browser/venv.sh when missing). The tests start their own pos-agent (from DIR)
# on BROWSER_AGENT_PORT (default gateway port + 9), which the cashier page is told about through
# CASHIER_AGENT_URL. Screenshots go to .data/screenshots, or to docs/screenshots with
# UPDATE_SCREENSHOTS=1. Extra arguments go to pytest (e.g. -k portal). Exits with pytest's status;
# the cluster is deleted afterwards.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
build_dir=.build/debug
pytest_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build_dir=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) pytest_args+=("$1"); shift ;;
    esac
done
case $build_dir in /*) ;; *) build_dir=$ROOT/$build_dir ;; esac

for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "browser: $tool not found: run make deps (Debian's chromium and chromium-driver)" >&2; exit 1; }
done
"$ROOT/infra/browser/venv.sh" || { echo "browser: installing the Python packages failed" >&2; exit 1; }
[ -x "$build_dir/pos-agent" ] || { echo "browser: $build_dir/pos-agent not found: build first (swift build)" >&2; exit 1; }

PG_DATA=$ROOT/.data/pg-browser
PG_PORT=${BROWSER_PG_PORT:-55438}
export GATEWAY_PORT=${BROWSER_GATEWAY_PORT:-8390}
export BROWSER_AGENT_PORT=${BROWSER_AGENT_PORT:-$((GATEWAY_PORT + 9))}
export CASHIER_AGENT_URL=http://127.0.0.1:$BROWSER_AGENT_PORT
events_base=${BROWSER_EVENTS_PORT_BASE:-7490}
n=1
for s in loyalty code-inventory claimer markets scheduler; do
    v=$(echo "$s" | tr 'a-z-' 'A-Z_')
    export "${v}_EVENTS_URL=tcp://127.0.0.1:$((events_base + n))"
    n=$((n + 1))
done
export BUS_DIR=$ROOT/.data/browser/bus
export OBJECT_STORE_DIR=$ROOT/.data/browser/objects
export LOG_DIR=$ROOT/.data/browser/logs
# The secrets the tests sign with: an admin JWT and Telegram initData.
export JWT_SECRET=browser-tests-jwt-secret-0123456789abcdef
export TELEGRAM_BOT_TOKEN=424242:browser-tests-telegram-bot-token
export GATEWAY_RATE_LIMIT_PER_SECOND=100000 GATEWAY_RATE_LIMIT_BURST=100000 PASSWORD_HASH_ITERATIONS=1000
export BROWSER_BUILD_DIR=$build_dir BROWSER_ROOT=$ROOT
export BROWSER_VENV=${BROWSER_VENV:-$ROOT/.data/venv-browser}
unset DATABASE_URL

"$ROOT/infra/pg.sh" destroy "$PG_DATA" >/dev/null 2>&1
infra/run.sh --build-dir "$build_dir" --pg-data "$PG_DATA" --pg-port "$PG_PORT" --quiet -- \
    "$BROWSER_VENV/bin/pytest" -c "$ROOT/Tests/BrowserTests/pytest.ini" --rootdir "$ROOT/Tests/BrowserTests" \
    "$ROOT/Tests/BrowserTests" "${pytest_args[@]}"
status=$?
"$ROOT/infra/pg.sh" destroy "$PG_DATA" >/dev/null 2>&1
exit $status
