#!/usr/bin/env bash
# `make profile`: where the CPU of a call goes, per process. A throwaway Postgres (port
# $PG_PROFILE_PORT, default 55436) and the release executables; then the health load
# (infra/bench/http.sh), one run of loyalty's earn and redeem loads (infra/bench/loyalty.sh) and
# one of markets' bets and leaderboard (infra/bench/markets.sh), each sampled by
# `perf record -F 999 -g` in the gateway and the service (and Postgres' backends for the
# database loads). PROFILE_SECTIONS picks sections (default "http loyalty markets"). Writes, under
# ${PROFILE_OUT:-.data/profile}: the perf.data files, and for each a report of the hottest
# symbols (self time, `perf report --no-children --sort dso,sym`) and of the hottest call chains
# (`--children`). Needs perf (Debian's linux-perf) and perf_event_paranoid <= 2.
# PROFILE_CALL_GRAPH=dwarf records DWARF call graphs (at 299 Hz): frame pointers stop in libc and
# the Swift runtime, DWARF unwinding names their callers.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PG=$ROOT/infra/pg.sh
BUILD=${BENCH_BUILD_DIR:-$ROOT/.build/release}
OUT=${PROFILE_OUT:-$ROOT/.data/profile}
PORT=${PG_PROFILE_PORT:-55436}
LOGICAL=$ROOT/.data/pg-profile
command -v perf >/dev/null || { echo "profile: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
cleanup() { "$PG" destroy "$LOGICAL" >/dev/null 2>&1; cg_cleanup; }
trap cleanup EXIT
# Every kind of process in a CPU cgroup of its own, as in a deployment (infra/bench/cgroups.sh).
. "$ROOT/infra/bench/cgroups.sh"
cg_init
"$PG" destroy "$LOGICAL" >/dev/null 2>&1
PG_FAST=1 "$PG" start "$LOGICAL" "$PORT" >/dev/null || exit 1
DATABASE_URL=$("$PG" url "$PORT") PG_TEST_DATA=$("$PG" datadir "$LOGICAL") PG_BIN=$("$PG" bindir)
cg_move_postgres "$PG_TEST_DATA"
cg_describe
export DATABASE_URL PG_TEST_DATA PG_BIN BENCH_BUILD_DIR=$BUILD BENCH_PROFILE_DIR=$OUT BENCH_LOYALTY_RUNS=1
. "$ROOT/infra/bench/settings.sh"
export GATEWAY_PORT=${PROFILE_GATEWAY_PORT:-8490}
export BENCH_MARKETS_RUNS=1
# PROFILE_SECTIONS: which of the bench's sections run under the profiler.
sections=()
for section in ${PROFILE_SECTIONS:-http loyalty markets}; do sections+=("'$ROOT/infra/bench/$section.sh'"); done
script=$(printf ' && %s' "${sections[@]}")
BENCH_OUT=$OUT/figures "$ROOT/infra/run.sh" --build-dir "$BUILD" --quiet -- \
    bash -c "${script# && }" 2>"$OUT/bench.log" || {
    tail -20 "$OUT/bench.log" >&2; exit 1; }
for data in "$OUT"/*.perf.data; do
    base=${data%.perf.data}
    # A system-wide recording (pgbench's run) is read for its Postgres processes only.
    comms=(); case $data in *-system.perf.data) comms=(--comms postgres) ;; esac
    perf report -i "$data" "${comms[@]}" --stdio --no-children --sort dso,sym --percent-limit 0.7 2>/dev/null \
        | grep -v '^$' | grep -v '^# *$' | grep -E '^#|%' | grep -v '^ *|' | grep -v '^ *-' >"$base.self.txt"
    perf report -i "$data" "${comms[@]}" --stdio --children --sort sym --percent-limit 5 -g none 2>/dev/null \
        | grep -E '%' | head -40 >"$base.children.txt"
    echo "== $(basename "$base") (self time, top 15)"
    grep '%' "$base.self.txt" | head -15
done
echo
echo "figures (see infra/bench/loyalty.sh for the columns):"
cat "$OUT/figures"
