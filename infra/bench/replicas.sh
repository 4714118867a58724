#!/usr/bin/env bash
# Replicas part of `make bench` (run by infra/run.sh once the platform is up, with REPLICAS=N):
# wrk on /api/health/loyalty (the gateway spreads the calls over loyalty's N processes) and the CPU
# each side spent per call, from /proc: the gateway's, and loyalty's summed over its processes.
# On two cores this measures the cost of fanning out, not a speed-up.
# Prints "replicas <N> <req/s> <non2xx+errors> <gateway µs/call> <loyalty µs/call>".
set -uo pipefail
PORT=${GATEWAY_PORT:-8080}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
OUT=${BENCH_OUT:-/dev/stdout}
BUILD=${BENCH_BUILD_DIR:?BENCH_BUILD_DIR is required}
URL="http://127.0.0.1:$PORT/api/health/loyalty"
TICK=$(getconf CLK_TCK)

# CPU ticks (user + system) of every process running $1.
ticks() {
    local total=0 pid
    for pid in $(pgrep -f "^$1\$" || true); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

wrk -t2 -c32 -d"$WARMUP" "$URL" >/dev/null 2>&1
g0=$(ticks "$BUILD/gateway") l0=$(ticks "$BUILD/loyalty")
out=$(wrk -t2 -c32 -d"$DURATION" "$URL" 2>&1)
g1=$(ticks "$BUILD/gateway") l1=$(ticks "$BUILD/loyalty")
echo "$out" | sed "s/^/    [replicas ${REPLICAS:-1}] /" >&2
rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
requests=$(echo "$out" | awk '/requests in/ {print $1}')
bad=$(echo "$out" | awk -F'[ ,]+' '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {n += $4+$6+$8+$10} END {print n + 0}')
per_call() { awk -v t="$1" -v r="${requests:-0}" -v hz="$TICK" 'BEGIN { if (r > 0) printf "%.1f", t / hz * 1e6 / r; else print "n/a" }'; }
echo "replicas ${REPLICAS:-1} ${rps:-0} $bad $(per_call $((g1 - g0))) $(per_call $((l1 - l0)))" >>"$OUT"
