#!/usr/bin/env bash
# `make conformance`: Schemathesis against the running platform's /openapi.json.
#
#   infra/conformance/run.sh [--build-dir DIR]
#
# Starts a throwaway Postgres (.data/pg-conformance, port CONFORMANCE_PG_PORT, default 55437) and
# every executable (gateway on CONFORMANCE_GATEWAY_PORT, default 8290), then runs Schemathesis
# (installed from PyPI into .data/venv-conformance when missing) with the checks
# not_a_server_error, status_code_conformance, content_type_conformance and
# response_schema_conformance, CONFORMANCE_EXAMPLES examples per operation (default 10), as an
# admin. Exits with Schemathesis' status; the cluster is deleted afterwards.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
build_dir=.build/debug
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build_dir=$2; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "conformance: unknown argument $1" >&2; exit 2 ;;
    esac
done

VENV=$ROOT/.data/venv-conformance
if [ ! -x "$VENV/bin/schemathesis" ]; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'schemathesis>=4,<5' || { echo "conformance: installing schemathesis failed" >&2; exit 1; }
fi

PG_DATA=$ROOT/.data/pg-conformance
PG_PORT=${CONFORMANCE_PG_PORT:-55437}
export GATEWAY_PORT=${CONFORMANCE_GATEWAY_PORT:-8290}
events_base=${CONFORMANCE_EVENTS_PORT_BASE:-7390}
n=1
for s in loyalty code-inventory claimer markets scheduler; do
    v=$(echo "$s" | tr 'a-z-' 'A-Z_')
    export "${v}_EVENTS_URL=tcp://127.0.0.1:$((events_base + n))"
    n=$((n + 1))
done
export BUS_DIR=$ROOT/.data/conformance/bus
export OBJECT_STORE_DIR=$ROOT/.data/conformance/objects
export LOG_DIR=$ROOT/.data/conformance/logs
# Secrets and the rest: infra/run.sh's development defaults (the token below is signed with its JWT_SECRET).
export GATEWAY_RATE_LIMIT_PER_SECOND=100000 GATEWAY_RATE_LIMIT_BURST=100000 PASSWORD_HASH_ITERATIONS=1000
export CONFORMANCE_VENV=$VENV
unset DATABASE_URL

"$ROOT/infra/pg.sh" destroy "$PG_DATA" >/dev/null 2>&1
infra/run.sh --build-dir "$build_dir" --pg-data "$PG_DATA" --pg-port "$PG_PORT" --quiet -- "$ROOT/infra/conformance/schemathesis.sh"
status=$?
"$ROOT/infra/pg.sh" destroy "$PG_DATA" >/dev/null 2>&1
exit $status
