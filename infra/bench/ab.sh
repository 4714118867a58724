#!/usr/bin/env bash
# `make ab A=<build dir> B=<build dir> [AB_SECTION=loyalty|http|markets]`: two builds compared on
# one section of `make bench`, in interleaved rounds (A, B, A, B, …). Each run gets a fresh
# throwaway Postgres (port $PG_AB_PORT, default 55437) and the bench's CPU cgroup, with the
# settings `make bench` uses. This machine kind moves the same build by 15–20% between rounds, so
# compare the figures that take its speed out: a process's CPU per request against the gateway's
# in the same run (when the change is not in the gateway), or against pgbench's in the same pair,
# and count a difference only when every round shows it (docs/performance-decisions.md).
#
#   infra/bench/ab.sh A_BUILD_DIR B_BUILD_DIR [SECTION]
#
# A build directory holds the release executables and their resource bundles, for example:
#   git worktree add /tmp/base <commit> && (cd /tmp/base && swift build -c release)
#   infra/bench/ab.sh /tmp/base/.build/release .build/release loyalty
# AB_ROUNDS (default 2) rounds; BENCH_LOYALTY_RUNS / BENCH_MARKETS_RUNS runs per section (default
# 3 here). AB_SCRIPT_A / AB_SCRIPT_B: the section's script for that build when its SQL reference
# differs (a script inside a checkout, such as /tmp/base/infra/bench/loyalty.sh; default this
# checkout's). AB_ENV_A / AB_ENV_B: settings (`VAR=value ...`) for that side's platform and script,
# to compare two configurations of one build (A=B). Each run's figure lines (the section script's format) go to
# ${AB_OUT:-.data/ab}/<round>-<A|B>.txt, its log next to them; at the end they are printed by round.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ -n "${1:-}" ] && [ -n "${2:-}" ] || { sed -n '2,/^set /p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
A=$(cd "$1" && pwd) || exit 2
B=$(cd "$2" && pwd) || exit 2
SECTION=${3:-${AB_SECTION:-loyalty}}
case $SECTION in loyalty | http | markets) ;; *) echo "ab: the section is loyalty, http or markets" >&2; exit 2 ;; esac
for build in "$A" "$B"; do
    [ -x "$build/gateway" ] && [ -x "$build/loyalty" ] || { echo "ab: $build holds no release executables" >&2; exit 2; }
done
ROUNDS=${AB_ROUNDS:-2}
OUT=${AB_OUT:-$ROOT/.data/ab}
PG=$ROOT/infra/pg.sh
PORT=${PG_AB_PORT:-55437}
LOGICAL=$ROOT/.data/pg-ab
SCRIPT_A=${AB_SCRIPT_A:-$ROOT/infra/bench/$SECTION.sh}
SCRIPT_B=${AB_SCRIPT_B:-$ROOT/infra/bench/$SECTION.sh}

cleanup() {
    "$PG" destroy "$LOGICAL" >/dev/null 2>&1
    cg_cleanup
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
. "$ROOT/infra/bench/cgroups.sh"
cg_init
cg_describe

# The settings of `make bench`.
. "$ROOT/infra/bench/settings.sh"
export BENCH_LOYALTY_RUNS=${BENCH_LOYALTY_RUNS:-3} BENCH_MARKETS_RUNS=${BENCH_MARKETS_RUNS:-3}
PG_BIN=$("$PG" bindir) && export PG_BIN

# run_one LABEL BUILD SCRIPT [VAR=value...]: one run of the section against BUILD on a fresh
# Postgres, with those settings.
run_one() {
    local label=$1 build=$2 script=$3
    shift 3
    "$PG" destroy "$LOGICAL" >/dev/null 2>&1
    PG_FAST=1 "$PG" start "$LOGICAL" "$PORT" >/dev/null || return 1
    DATABASE_URL=$("$PG" url "$PORT") PG_TEST_DATA=$("$PG" datadir "$LOGICAL")
    export DATABASE_URL PG_TEST_DATA PG_TEST_PORT=$PORT
    cg_move_postgres "$PG_TEST_DATA"
    rm -f "$OUT/$label.txt"
    echo "ab: $label ($build)" >&2
    env "$@" BENCH_BUILD_DIR="$build" BENCH_OUT="$OUT/$label.txt" \
        "$ROOT/infra/run.sh" --build-dir "$build" --quiet -- bash "$script" 2>"$OUT/$label.log"
    local rc=$?
    "$PG" destroy "$LOGICAL" >/dev/null 2>&1
    [ $rc = 0 ] || { echo "ab: $label failed (rc $rc); its log: $OUT/$label.log" >&2; tail -5 "$OUT/$label.log" >&2; }
    return $rc
}

mkdir -p "$OUT"
failed=0
for round in $(seq 1 "$ROUNDS"); do
    # shellcheck disable=SC2086 # each side's settings are words by design
    run_one "$round-A" "$A" "$SCRIPT_A" ${AB_ENV_A:-} || failed=1
    # shellcheck disable=SC2086
    run_one "$round-B" "$B" "$SCRIPT_B" ${AB_ENV_B:-} || failed=1
done

echo
echo "A = $A"
echo "B = $B"
echo "figure lines of infra/bench/$SECTION.sh (its header says what each column is):"
for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
        [ -f "$OUT/$round-$side.txt" ] && sed "s/^/$round-$side  /" "$OUT/$round-$side.txt"
    done
done
exit $failed
