#!/usr/bin/env bash
# `make stall`: the loyalty earn stall hunt. A throwaway Postgres and the release executables;
# loyalty's bench (infra/bench/loyalty.sh) with BENCH_LOYALTY_RUNS runs (default 5) of earn and
# redeem, each recorded with `perf sched record -a` (every context switch and wake-up) and with
# pg_stat_activity sampled every 10 ms (backends idle in a transaction or waiting for > 20 ms).
# Prints, per run: p99 and the slowest request, the threads with the longest scheduling delays
# (`perf sched latency`), the sampled stalls, and the host's steal time (infra/bench/steal.py:
# a virtual machine's vCPU taken away by the host stops every thread on it). Files under ${STALL_OUT:-.data/stall}.
# STALL_AUTOGROUP=0|1 sets kernel.sched_autogroup_enabled for the run (restored afterwards).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PG=$ROOT/infra/pg.sh
BUILD=${BENCH_BUILD_DIR:-$ROOT/.build/release}
OUT=${STALL_OUT:-$ROOT/.data/stall}
PORT=${PG_STALL_PORT:-55435}
LOGICAL=$ROOT/.data/pg-stall
AUTOGROUP=/proc/sys/kernel/sched_autogroup_enabled
command -v perf >/dev/null || { echo "stall: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
saved_autogroup=$(cat "$AUTOGROUP" 2>/dev/null || echo "")
cleanup() {
    "$PG" destroy "$LOGICAL" >/dev/null 2>&1
    cg_cleanup
    [ -n "$saved_autogroup" ] && echo "$saved_autogroup" >"$AUTOGROUP" 2>/dev/null
}
trap cleanup EXIT
# Every kind of process in a CPU cgroup of its own, as in a deployment (infra/bench/cgroups.sh).
. "$ROOT/infra/bench/cgroups.sh"
cg_init
if [ -n "${STALL_AUTOGROUP:-}" ]; then
    echo "$STALL_AUTOGROUP" >"$AUTOGROUP" || { echo "stall: cannot set $AUTOGROUP" >&2; exit 1; }
fi
echo "kernel.sched_autogroup_enabled = $(cat "$AUTOGROUP" 2>/dev/null || echo n/a)"
"$PG" destroy "$LOGICAL" >/dev/null 2>&1
PG_FAST=1 "$PG" start "$LOGICAL" "$PORT" >/dev/null || exit 1
DATABASE_URL=$("$PG" url "$PORT") PG_TEST_DATA=$("$PG" datadir "$LOGICAL") PG_BIN=$("$PG" bindir)
cg_move_postgres "$PG_TEST_DATA"
cg_describe
export DATABASE_URL PG_TEST_DATA PG_BIN BENCH_BUILD_DIR=$BUILD BENCH_PROFILE_DIR=$OUT
export BENCH_LOYALTY_RUNS=${BENCH_LOYALTY_RUNS:-5} BENCH_PROFILE_KINDS="sched pgactivity steal" BENCH_PGBENCH_PROFILE_KINDS="sched pgactivity steal"
. "$ROOT/infra/bench/settings.sh"
export GATEWAY_PORT=${STALL_GATEWAY_PORT:-8495}
BENCH_OUT=$OUT/figures "$ROOT/infra/run.sh" --build-dir "$BUILD" --quiet -- "$ROOT/infra/bench/loyalty.sh" 2>"$OUT/bench.log" || {
    tail -20 "$OUT/bench.log" >&2; exit 1; }
echo "run          req/s    p99 ms   max ms"
awk '$1=="loyalty" && $2 ~ /^(earn|redeem)/ {printf "%-10s %8s %8s %8s\n", $2, $3, $7, $8}' "$OUT/figures"
awk '$1=="loyalty" && $2 ~ /^pgbench/ {printf "%-18s %8s tps\n", $2, $3}' "$OUT/figures"
for data in "$OUT"/*-sched.perf.data; do
    label=$(basename "$data" -sched.perf.data)
    perf sched latency -i "$data" --sort max 2>/dev/null | grep -E '^ +[^ ].*\|' | head -12 >"$OUT/$label-sched-latency.txt"
    echo
    echo "== $label: longest scheduling delays (perf sched latency, by max delay)"
    head -8 "$OUT/$label-sched-latency.txt"
    echo "== $label: stalls seen in pg_stat_activity (> 20 ms idle in transaction or waiting): $(wc -l <"$OUT/$label-pgactivity.txt")"
    sort -t'|' -k6 -n -r "$OUT/$label-pgactivity.txt" 2>/dev/null | head -5
    echo "== $label: steal time (ms per vCPU over the run; the largest single 5 ms-sampled jumps)"
    grep '^total' "$OUT/$label-steal.txt" 2>/dev/null | tr '\n' ' '; echo
    grep -v '^total' "$OUT/$label-steal.txt" 2>/dev/null | sort -k3 -n -r | head -5 \
        | while read -r at cpu ms; do echo "  $(date -d "@$at" +%H:%M:%S.%3N) $cpu $ms ms"; done
done
