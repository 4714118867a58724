#!/usr/bin/env bash
# HTTP part of `make bench` (run by infra/run.sh once the platform is up): wrk against the gateway's
# direct route and a route that crosses the bus to loyalty. Prints "http <label> <req/s> <non2xx> <errors>".
set -uo pipefail
PORT=${GATEWAY_PORT:-8080}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
OUT=${BENCH_OUT:-/dev/stdout}

measure() {
    local label=$1 url=$2 out rps non2xx errors
    wrk -t2 -c32 -d"$WARMUP" "$url" >/dev/null 2>&1
    out=$(wrk -t2 -c32 -d"$DURATION" "$url" 2>&1)
    echo "$out" | sed "s/^/    [$label] /" >&2
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $NF}')
    errors=$(echo "$out" | awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}')
    echo "http $label ${rps:-0} ${non2xx:-0} ${errors:-0}" >>"$OUT"
}

measure healthz "http://127.0.0.1:$PORT/healthz"
measure loyalty "http://127.0.0.1:$PORT/api/health/loyalty"
