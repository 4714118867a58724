#!/usr/bin/env bash
# HTTP part of `make bench` (run by infra/run.sh once the platform is up): wrk against the gateway's
# direct route and a route that crosses the bus to loyalty, with the CPU each process spent per
# request (infra/bench/cpu.sh). Prints "http <label> <req/s> <non2xx> <errors> <gateway µs>
# <loyalty µs> <postgres µs> <wrk µs> <postgres background µs> <gateway, loyalty and Postgres
# context switches per request>" (µs of CPU per request).
set -uo pipefail
. "$(dirname "$0")/cpu.sh"
PORT=${GATEWAY_PORT:-8080}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
OUT=${BENCH_OUT:-/dev/stdout}
CPU_DIR=$(mktemp -d)
trap 'rm -rf "$CPU_DIR"' EXIT

measure() {
    local label=$1 url=$2 out rps non2xx errors requests
    wrk -t2 -c32 -d"$WARMUP" "$url" >/dev/null 2>&1
    cpu_snapshot "$label"
    profile_start "health-$label" gateway loyalty
    out=$(cpu_run "$CPU_DIR/$label.wrk" -- wrk -t2 -c32 -d"$DURATION" "$url" 2>&1)
    profile_stop
    echo "$out" | sed "s/^/    [$label] /" >&2
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $NF}')
    errors=$(echo "$out" | awk -F'[ ,]+' '/Socket errors:/ {print $4+$6+$8+$10}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "http $label ${rps:-0} ${non2xx:-0} ${errors:-0} $(cpu_us "$(cpu_since "$label" gateway)" "$requests")" \
        "$(cpu_us "$(cpu_since "$label" loyalty)" "$requests") $(cpu_us "$(cpu_since "$label" postgres)" "$requests")" \
        "$(cpu_us "$(cat "$CPU_DIR/$label.wrk")" "$requests") $(cpu_us "$(cpu_since "$label" postgres-bg)" "$requests")" \
        "$(cpu_switches "$label" loyalty "$requests")" >>"$OUT"
}

measure healthz "http://127.0.0.1:$PORT/healthz"
measure loyalty "http://127.0.0.1:$PORT/api/health/loyalty"
