#!/usr/bin/env bash
# `make test`: swift build (the end-to-end tests launch .build/debug/<service>), a throwaway
# Postgres (fresh, port $PG_TEST_PORT, deleted afterwards even when tests fail), then swift test.
# With DATABASE_URL already set, that database is used and no cluster is created.
# Exported to the tests: DATABASE_URL, PG_BIN (server bin dir), and with the throwaway cluster
# PG_TEST_DATA (its real data dir), PG_TEST_PORT, PG_SH (this repo's infra/pg.sh) so a test can
# stop/start it: "$PG_SH" stop "$PG_TEST_DATA" / "$PG_SH" start "$PG_TEST_DATA" "$PG_TEST_PORT".
# Then conformance (SKIP_CONFORMANCE=1 skips it) and the browser tests (SKIP_BROWSER=1 skips them).
# Exit status: non-zero when any of them failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PG=$ROOT/infra/pg.sh
export PG_TEST_PORT=${PG_TEST_PORT:-55433}
LOGICAL=$ROOT/.data/pg-test

swift build --build-tests ${SWIFT_BUILD_FLAGS:-} || exit $?

PG_BIN=$("$PG" bindir 2>/dev/null) && export PG_BIN

if [ -z "${DATABASE_URL:-}" ]; then
    cleanup() { "$PG" destroy "$LOGICAL" >/dev/null 2>&1 || true; }
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    "$PG" destroy "$LOGICAL"
    PG_FAST=1 "$PG" start "$LOGICAL" "$PG_TEST_PORT" || exit 1
    PG_TEST_DATA=$("$PG" datadir "$LOGICAL")
    DATABASE_URL=$("$PG" url "$PG_TEST_PORT")
    export PG_TEST_DATA DATABASE_URL PG_SH=$PG
    echo "test: throwaway Postgres at $DATABASE_URL (data: $PG_TEST_DATA)"
else
    echo "test: using the DATABASE_URL from the environment; no throwaway cluster"
fi

# shellcheck disable=SC2086
swift test ${SWIFT_TEST_FLAGS:-}
rc=$?
[ $rc -eq 0 ] && echo "test: swift test passed" || echo "test: FAILED (swift test exited $rc)" >&2

# The API against its own contract: Schemathesis on the running platform (its own Postgres).
if [ "${SKIP_CONFORMANCE:-0}" != 1 ]; then
    echo "test: conformance (Schemathesis against /openapi.json)"
    mkdir -p "$ROOT/.data"
    if "$ROOT/infra/conformance/run.sh" --build-dir .build/debug > "$ROOT/.data/conformance.log" 2>&1; then
        grep -E "^(Test cases|API Operations|=+ .* in )" -A1 "$ROOT/.data/conformance.log" | tail -4
        echo "test: conformance passed"
    else
        tail -80 "$ROOT/.data/conformance.log"
        echo "test: FAILED (conformance; full log in .data/conformance.log)" >&2
        rc=1
    fi
fi
# The pages in a real browser: headless Chromium against the running platform and a pos-agent.
if [ "${SKIP_BROWSER:-0}" != 1 ]; then
    echo "test: browser (Chromium against the pages, Tests/BrowserTests)"
    mkdir -p "$ROOT/.data"
    if "$ROOT/infra/browser/run.sh" --build-dir .build/debug > "$ROOT/.data/browser.log" 2>&1; then
        grep -E "^=+ .* in [0-9.]+s" "$ROOT/.data/browser.log" | tail -1
        echo "test: browser passed"
    else
        tail -80 "$ROOT/.data/browser.log"
        echo "test: FAILED (browser; full log in .data/browser.log)" >&2
        rc=1
    fi
fi
[ $rc -eq 0 ] && echo "test: passed"
exit $rc
