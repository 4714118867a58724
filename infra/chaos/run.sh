#!/usr/bin/env bash
# `make chaos`: exactly-once under faults (see docs/chaos.md).
#
#   infra/chaos/run.sh [--build-dir DIR]      (default $BUILD_DIR, else .build/release)
#
# Starts a throwaway Postgres (.data/pg-chaos on 127.0.0.1:$CHAOS_PG_PORT, default 55436), gives
# the platform the environment infra/run.sh would give it (own gateway port $CHAOS_GATEWAY_PORT,
# default 8190; own bus dir .data/chaos/bus; own event ports from $CHAOS_EVENTS_PORT_BASE + 1..5,
# default 7291-7295), then runs infra/chaos/chaos.py, which starts, kills and restarts the six
# executables itself, drives the load, injects the faults and prints the table (also
# .data/chaos/report.md). Whatever happens (failure, Ctrl-C, SIGTERM), every process it started
# and the Postgres cluster are gone when this script ends. Exit status: chaos.py's (1 when any
# lost/double/stranded/invariant count is non-zero or a process crashed or did not come back).
# CHAOS_KEEP_DB=1 leaves the cluster running afterwards, to look at the rows the report names.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
build_dir=${BUILD_DIR:-.build/release}
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build_dir=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "chaos: unknown argument $1" >&2; exit 2 ;;
    esac
done
case $build_dir in /*) ;; *) build_dir=$ROOT/$build_dir ;; esac
for s in loyalty code-inventory claimer markets scheduler gateway; do
    [ -x "$build_dir/$s" ] || { echo "chaos: $build_dir/$s not found: build first (swift build -c release, or BUILD_DIR=...)" >&2; exit 1; }
done
command -v python3 >/dev/null || { echo "chaos: python3 is required" >&2; exit 1; }

PG=$ROOT/infra/pg.sh
PG_BIN=$("$PG" bindir) || exit 1
PSQL=$PG_BIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql) || { echo "chaos: psql not found" >&2; exit 1; }
CHAOS_PG_PORT=${CHAOS_PG_PORT:-55436}
CHAOS_PG_DATA=$ROOT/.data/pg-chaos
CHAOS_DIR=$ROOT/.data/chaos

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- environment the services read (as infra/run.sh gives it; whatever the caller set wins) ----
export GATEWAY_PORT=${CHAOS_GATEWAY_PORT:-8190}
BUS_DIR=$CHAOS_DIR/bus
BUS_TRANSPORT=ipc
# A Unix socket path is limited to 107 bytes.
[ ${#BUS_DIR} -gt 80 ] && BUS_TRANSPORT=tcp
events_base=${CHAOS_EVENTS_PORT_BASE:-7290}
rpc_base=${CHAOS_RPC_PORT_BASE:-7190}
n=1
for s in loyalty code-inventory claimer markets scheduler; do
    v=$(echo "$s" | tr 'a-z-' 'A-Z_')
    if [ "$BUS_TRANSPORT" = ipc ]; then rpc=ipc://$BUS_DIR/$s.rpc; else rpc=tcp://127.0.0.1:$((rpc_base + n)); fi
    events=tcp://127.0.0.1:$((events_base + n))
    # The probe and metrics port next to the chaos gateway's, clear of `make run`'s 9101–9105.
    export "${v}_HTTP_ADDRESS=127.0.0.1:$((GATEWAY_PORT + 20 + n))"
    if port_busy $((events_base + n)); then echo "chaos: port $((events_base + n)) is in use; set CHAOS_EVENTS_PORT_BASE" >&2; exit 1; fi
    # The replicas phases: every replica's endpoints are listed for the callers from the start
    # (the extra processes start in phase replicas-up; chaos.py gives each its own _BIND).
    case $s in loyalty|markets|code-inventory)
        for i in $(seq 2 "${CHAOS_REPLICAS:-3}"); do
            if [ "$BUS_TRANSPORT" = ipc ]; then rpc+=,ipc://$BUS_DIR/$s-$i.rpc; else rpc+=,tcp://127.0.0.1:$((rpc_base + 20 + n * 10 + i)); fi
            events+=,tcp://127.0.0.1:$((events_base + 20 + n * 10 + i))
        done ;;
    esac
    export "${v}_RPC_URL=$rpc" "${v}_EVENTS_URL=$events"
    n=$((n + 1))
done
export JWT_SECRET=${JWT_SECRET:-dev-only-secret-change-me-0123456789abcdef}
export TELEGRAM_BOT_TOKEN=${TELEGRAM_BOT_TOKEN:-dev-only-telegram-bot-token}
export CLAIMER_ENCRYPTION_KEY=${CLAIMER_ENCRYPTION_KEY:-dev1:ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=}
export STAKE_MOCK_API=${STAKE_MOCK_API:-true}
export LOG_LEVEL=${LOG_LEVEL:-info}
export DB_POOL_WARM=${DB_POOL_WARM:-${DB_POOL_SIZE:-10}}
export OBJECT_STORE_DIR=$CHAOS_DIR/objects
# The load must meet the faults, not the rate limiter; sign-ups need not cost 600,000 rounds.
export GATEWAY_RATE_LIMIT_PER_SECOND=${GATEWAY_RATE_LIMIT_PER_SECOND:-100000000}
export GATEWAY_RATE_LIMIT_BURST=${GATEWAY_RATE_LIMIT_BURST:-100000000}
export PASSWORD_HASH_ITERATIONS=${PASSWORD_HASH_ITERATIONS:-1000}

if port_busy "$GATEWAY_PORT"; then echo "chaos: port $GATEWAY_PORT is in use; set CHAOS_GATEWAY_PORT" >&2; exit 1; fi

# ---- clean-up: every process chaos.py started (pids file) and the cluster ----
py=""
cleanup() {
    local name pid exe
    trap '' INT TERM
    if [ -n "$py" ] && kill -0 "$py" 2>/dev/null; then
        kill -TERM "$py" 2>/dev/null
        for _ in $(seq 1 150); do kill -0 "$py" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$py" 2>/dev/null
    fi
    # chaos.py stops its processes itself; this is the net for a chaos.py that was killed.
    if [ -f "$CHAOS_DIR/pids" ]; then
        while read -r name pid; do
            exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
            [ "$exe" = "$build_dir/$name" ] || continue
            echo "chaos: $name (pid $pid) still running: SIGKILL" >&2
            kill -CONT "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null
        done <"$CHAOS_DIR/pids"
        rm -f "$CHAOS_DIR/pids"
    fi
    if [ "${CHAOS_KEEP_DB:-0}" = 1 ]; then
        echo "chaos: CHAOS_KEEP_DB=1: Postgres still running for a look ($PSQL ${DATABASE_URL:-}); remove it with: infra/pg.sh destroy .data/pg-chaos" >&2
    else
        "$PG" destroy "$CHAOS_PG_DATA" >/dev/null 2>&1 && echo "chaos: Postgres cluster $CHAOS_PG_DATA removed" >&2
    fi
    rm -rf "$BUS_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$CHAOS_DIR/logs" "$CHAOS_DIR/objects" "$BUS_DIR" "$CHAOS_DIR/report.md" "$CHAOS_DIR/requests.jsonl"
mkdir -p "$CHAOS_DIR/logs" "$OBJECT_STORE_DIR"
[ "$BUS_TRANSPORT" = ipc ] && mkdir -p "$BUS_DIR"

"$PG" destroy "$CHAOS_PG_DATA" >/dev/null 2>&1
PG_FAST=1 "$PG" start "$CHAOS_PG_DATA" "$CHAOS_PG_PORT" || exit 1
DATABASE_URL=$("$PG" url "$CHAOS_PG_PORT")
export DATABASE_URL

export CHAOS_ROOT=$ROOT CHAOS_BUILD_DIR=$build_dir CHAOS_DIR CHAOS_PG_DATA CHAOS_PG_PORT PG_SH=$PG PSQL
echo "chaos: DATABASE_URL=$DATABASE_URL gateway :$GATEWAY_PORT, build $build_dir, logs $CHAOS_DIR/logs" >&2

# In the background so that the traps run at once on SIGTERM (bash defers them while a foreground
# child runs); chaos.py installs its own SIGINT/SIGTERM handlers and stops its processes.
python3 -u "$ROOT/infra/chaos/chaos.py" &
py=$!
trap 'kill -INT $py 2>/dev/null; wait $py; exit 130' INT
trap 'kill -TERM $py 2>/dev/null; wait $py; exit 143' TERM
wait $py
rc=$?
py=""
exit $rc
