#!/usr/bin/env bash
# Process runner for `make run` and `make bench`.
#
#   infra/run.sh [--build-dir DIR] [--pg-data DIR --pg-port PORT] [--quiet] [-- COMMAND ARGS...]
#
# Starts loyalty code-inventory claimer markets scheduler (then the gateway) from DIR
# (default .build/debug; REPLICAS=N processes of each service), logs each to .data/logs/<name>.log (and, unless --quiet, to the terminal
# with a "name |" prefix), waits until http://127.0.0.1:$GATEWAY_PORT/healthz answers
# (HEALTH_TIMEOUT seconds, default 60), then
#   - without COMMAND: runs until Ctrl-C / SIGTERM or until any process exits;
#   - with COMMAND: runs it, then stops everything and exits with its status.
# Stopping: SIGTERM to every process, SIGKILL after STOP_GRACE seconds (default 10).
# With --pg-data and no DATABASE_URL, a local cluster is started there (infra/pg.sh) and stopped
# on exit if this script started it.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVICES=(loyalty code-inventory claimer markets scheduler gateway)

build_dir=$ROOT/.build/debug
pg_data="" pg_port="" quiet=0 command=()
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build_dir=$2; shift 2 ;;
        --pg-data) pg_data=$2; shift 2 ;;
        --pg-port) pg_port=$2; shift 2 ;;
        --quiet) quiet=1; shift ;;
        --) shift; command=("$@"); break ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
case $build_dir in /*) ;; *) build_dir=$ROOT/$build_dir ;; esac

say() { printf '\033[1m[run]\033[0m %s\n' "$*" >&2; }
[ -t 2 ] || say() { printf '[run] %s\n' "$*" >&2; }

# ---- environment the services read (whatever the caller set wins) ----
export GATEWAY_PORT=${GATEWAY_PORT:-8080}
# Every process runs on this machine, so REQ/REP goes over Unix sockets (ipc): a round trip costs
# less CPU than over loopback TCP (docs/performance.md has both). One directory per gateway port,
# so `make run` and `make bench` side by side do not meet. BUS_TRANSPORT=tcp restores the ports.
# Events stay on TCP: a flood over ipc loses far more messages (100k sent: 42% delivered over
# ipc, 99.5% over TCP, measured when the bus was chosen); BUS sends as PUB does.
BUS_TRANSPORT=${BUS_TRANSPORT:-ipc}
BUS_DIR=${BUS_DIR:-$ROOT/.data/bus/$GATEWAY_PORT}
# A Unix socket path is limited to 107 bytes.
[ "$BUS_TRANSPORT" = ipc ] && [ ${#BUS_DIR} -gt 80 ] && BUS_TRANSPORT=tcp
# Owner-only: nanomsg aborts on a malformed ipc frame from any peer, so only our user may reach
# the sockets (each is also chmod 0600 at bind; this closes the moment before that). See
# docs/architecture/bus-hardening.md.
[ "$BUS_TRANSPORT" = ipc ] && mkdir -p "$BUS_DIR" && chmod 700 "$BUS_DIR"
# REPLICAS=N (default 1) starts N processes of every service: each binds its own endpoints
# (<SERVICE>_RPC_BIND, _EVENTS_BIND, _HTTP_ADDRESS) and every caller gets the list of all of them in
# <SERVICE>_RPC_URL / _EVENTS_URL.
REPLICAS=${REPLICAS:-1}
case $REPLICAS in ''|*[!0-9]*|0) echo "run.sh: REPLICAS must be a positive number" >&2; exit 2 ;; esac
declare -A REPLICA_ENV=()
n=1
for s in "${SERVICES[@]}"; do
    [ "$s" = gateway ] && continue
    v=$(echo "$s" | tr 'a-z-' 'A-Z_')
    rpc=${v}_RPC_URL events=${v}_EVENTS_URL
    # Each service's probe and metrics port (/healthz, /readyz, /metrics): 910n by default; another
    # GATEWAY_PORT (make bench beside make run) moves them next to it, so the two never collide.
    http_base=9100
    [ "$GATEWAY_PORT" != 8080 ] && http_base=$((GATEWAY_PORT + 20))
    if [ "$REPLICAS" = 1 ]; then
        default_rpc=tcp://127.0.0.1:710$n
        [ "$BUS_TRANSPORT" = ipc ] && default_rpc=ipc://$BUS_DIR/$s.rpc
        export "$rpc=${!rpc:-$default_rpc}" "$events=${!events:-tcp://127.0.0.1:720$n}"
        http=${v}_HTTP_ADDRESS
        export "$http=${!http:-127.0.0.1:$((http_base + n))}"
    else
        rpcs=() evs=()
        for i in $(seq 1 "$REPLICAS"); do
            r=tcp://127.0.0.1:$((7100 + n * 10 + i))
            [ "$BUS_TRANSPORT" = ipc ] && r=ipc://$BUS_DIR/$s-$i.rpc
            e=tcp://127.0.0.1:$((7200 + n * 10 + i))
            rpcs+=("$r") evs+=("$e")
            REPLICA_ENV[$s-$i]="${v}_RPC_BIND=$r ${v}_EVENTS_BIND=$e ${v}_HTTP_ADDRESS=127.0.0.1:$((http_base + 100 + n * 10 + i))"
        done
        export "$rpc=$(IFS=,; echo "${rpcs[*]}")" "$events=$(IFS=,; echo "${evs[*]}")"
    fi
    n=$((n + 1))
done
export JWT_SECRET=${JWT_SECRET:-dev-only-secret-change-me-0123456789abcdef}
# Telegram WebApp sign-in needs the bot's token; this one only lets local tools sign initData.
export TELEGRAM_BOT_TOKEN=${TELEGRAM_BOT_TOKEN:-dev-only-telegram-bot-token}
# The claimer seals users' API keys with this (id:base64 of 32 bytes); a dev-only key, never for production.
export CLAIMER_ENCRYPTION_KEY=${CLAIMER_ENCRYPTION_KEY:-dev1:ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=}
export STAKE_MOCK_API=${STAKE_MOCK_API:-true}
export LOG_LEVEL=${LOG_LEVEL:-info}
# Every pooled connection opens at start-up: the first burst of requests does not wait for them.
export DB_POOL_WARM=${DB_POOL_WARM:-${DB_POOL_SIZE:-10}}
export OBJECT_STORE_DIR=${OBJECT_STORE_DIR:-$ROOT/.data/objects}
LOG_DIR=${LOG_DIR:-$ROOT/.data/logs}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-60}
STOP_GRACE=${STOP_GRACE:-10}
HEALTH_URL="http://127.0.0.1:$GATEWAY_PORT/healthz"
mkdir -p "$LOG_DIR" "$OBJECT_STORE_DIR"

for s in "${SERVICES[@]}"; do
    [ -x "$build_dir/$s" ] || { echo "run.sh: $build_dir/$s not found: build first (make build)" >&2; exit 1; }
done

# ---- lifecycle ----
names=() pids=() started_pg=0 stopping=0

stop_all() {
    [ $stopping = 1 ] && return
    stopping=1
    local i alive deadline
    for i in "${!pids[@]}"; do kill -TERM "${pids[$i]}" 2>/dev/null; done
    deadline=$((SECONDS + STOP_GRACE))
    while :; do
        alive=()
        for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null && alive+=("$i"); done
        [ ${#alive[@]} -eq 0 ] && break
        if [ $SECONDS -ge $deadline ]; then
            for i in "${alive[@]}"; do
                say "${names[$i]} did not stop within ${STOP_GRACE}s: SIGKILL"
                kill -KILL "${pids[$i]}" 2>/dev/null
            done
            break
        fi
        sleep 0.2
    done
    for i in "${!pids[@]}"; do wait "${pids[$i]}" 2>/dev/null; done
    [ ${#pids[@]} -gt 0 ] && say "all processes stopped"
    if [ $started_pg = 1 ]; then "$ROOT/infra/pg.sh" stop "$pg_data" >&2; fi
}
on_signal() { say "SIG$1 received: stopping"; stop_all; [ "$1" = INT ] && exit 130; exit 143; }
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'stop_all' EXIT

# ---- database ----
if [ -z "${DATABASE_URL:-}" ]; then
    if [ -n "$pg_data" ]; then
        [ -n "$pg_port" ] || { echo "run.sh: --pg-data needs --pg-port" >&2; exit 2; }
        if ! "$ROOT/infra/pg.sh" status "$pg_data" >/dev/null; then
            "$ROOT/infra/pg.sh" start "$pg_data" "$pg_port" >&2 || exit 1
            started_pg=1
        fi
        DATABASE_URL=$("$ROOT/infra/pg.sh" url "$pg_port")
    else
        echo "run.sh: DATABASE_URL is not set (or pass --pg-data/--pg-port)" >&2; exit 1
    fi
fi
export DATABASE_URL

if (exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null; then
    echo "run.sh: port $GATEWAY_PORT is already in use (another make run?); set GATEWAY_PORT" >&2; exit 1
fi

# ---- start ----
# start_one NAME [BINARY [VAR=VALUE...]]: one process, logged under NAME.
start_one() {
    local name=$1 binary=${2:-$1} log=$LOG_DIR/$1.log
    shift; [ $# -gt 0 ] && shift
    : >"$log"
    if [ $quiet = 1 ]; then
        env "$@" "$build_dir/$binary" >>"$log" 2>&1 </dev/null &
    else
        # The prefixer ignores SIGINT so that it outlives Ctrl-C and still records the shutdown.
        # Own session: a terminal Ctrl-C reaches only this script, which stops the children in order.
        setsid env "$@" "$build_dir/$binary" > >(trap '' INT; tee -a "$log" | sed -u "s/^/$(printf '%-16s' "$name")| /") 2>&1 </dev/null &
    fi
    names+=("$name"); pids+=("$!")
    # The bench's per-kind CPU cgroups (infra/bench/cgroups.sh, BENCH_CGROUPS=kinds): each process
    # in a group of its own, as each container is in a deployment.
    if [ "${CG_LAYOUT:-}" = kinds ] && [ -n "${CG_BASE:-}" ] && mkdir -p "$CG_BASE/$name" 2>/dev/null; then
        echo "$!" >"$CG_BASE/$name/cgroup.procs" 2>/dev/null
    fi
}

say "DATABASE_URL=$DATABASE_URL"
for s in "${SERVICES[@]}"; do
    if [ "$REPLICAS" = 1 ] || [ "$s" = gateway ]; then
        start_one "$s"
    else
        # shellcheck disable=SC2086 # the assignments are words on purpose
        for i in $(seq 1 "$REPLICAS"); do start_one "$s-$i" "$s" ${REPLICA_ENV[$s-$i]}; done
    fi
done
say "started ${SERVICES[*]} from $build_dir$([ "$REPLICAS" = 1 ] || echo " ($REPLICAS replicas of each service)")"

# Returns 0 when every process is alive; else reports the first one that exited.
check_alive() {
    local i rc
    for i in "${!pids[@]}"; do
        if ! kill -0 "${pids[$i]}" 2>/dev/null; then
            wait "${pids[$i]}" 2>/dev/null; rc=$?
            sleep 0.2  # let the log prefixer flush
            say "${names[$i]} exited with status $rc: stopping everything (log: $LOG_DIR/${names[$i]}.log)"
            tail -n 15 "$LOG_DIR/${names[$i]}.log" | sed "s/^/    /" >&2
            return 1
        fi
    done
    return 0
}

nap() { sleep "$1" & wait $! 2>/dev/null; }

deadline=$((SECONDS + HEALTH_TIMEOUT))
until curl -fsS -o /dev/null --max-time 2 "$HEALTH_URL" 2>/dev/null; do
    check_alive || exit 1
    if [ $SECONDS -ge $deadline ]; then
        say "gateway did not answer $HEALTH_URL within ${HEALTH_TIMEOUT}s: stopping everything"; exit 1
    fi
    nap 0.5
done

say "platform is up: http://127.0.0.1:$GATEWAY_PORT"
say "logs: $LOG_DIR/{$(IFS=,; echo "${SERVICES[*]}")}.log"

if [ ${#command[@]} -gt 0 ]; then
    "${command[@]}"; rc=$?
    check_alive || rc=1
    stop_all
    exit $rc
fi

say "Ctrl-C stops everything"
while check_alive; do nap 1; done
exit 1
