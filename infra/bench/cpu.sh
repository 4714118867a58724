# CPU budget helpers for the bench scripts (sourced): CPU time per request, per process, from /proc.
#
#   cpu_snapshot NAME          record the CPU ticks of the gateway, the services and Postgres now
#   cpu_since NAME KIND        ticks spent by KIND (gateway | loyalty | markets | … | postgres |
#                              postgres-svc_loyalty (that service's own backends) | steal) since
#   cpu_run FILE -- CMD…       run CMD (a load generator), write its own user+system ticks to FILE
#   cpu_us TICKS REQUESTS      µs of CPU per request (one decimal), or n/a
#   cpu_per COUNT REQUESTS     COUNT per request (two decimals), or n/a: for the switch counts
#   cpu_switches NAME          "<gateway> <service> <postgres>" context switches per request since
#                              NAME for the service kind $2 and $3 requests (cpu_switches NAME KIND N)
#
# A process's ticks are utime + stime of /proc/<pid>/stat. Postgres is the postmaster's own ticks
# plus its reaped children's (cutime + cstime) plus every live backend's: a backend that exits
# between two snapshots (pgbench's, at its end) is counted either way. Needs BENCH_BUILD_DIR (the
# executables' directory), CPU_DIR (a scratch directory of the caller's) and PG_TEST_DATA (the
# cluster's data directory; Postgres is n/a without).

CPU_TCK=$(getconf CLK_TCK)

# Ticks of every process whose command line is exactly "$BENCH_BUILD_DIR/$1" (all replicas).
cpu_process_ticks() {
    local total=0 pid t
    for pid in $(pgrep -f "^${BENCH_BUILD_DIR:?}/$1\$" || true); do
        t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

cpu_postgres_ticks() {
    local pidfile=${PG_TEST_DATA:-}/postmaster.pid master total=0 pid t
    [ -n "${PG_TEST_DATA:-}" ] && [ -r "$pidfile" ] || { echo -1; return; }
    master=$(head -1 "$pidfile")
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat" 2>/dev/null) || { echo -1; return; }
    for pid in $(pgrep -P "$master" || true); do
        t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# Ticks of Postgres' live background processes (checkpointer, writers, autovacuum launcher): work
# that is not any request's, though it counts in the Postgres figure. Autovacuum workers come and
# go, and are counted in the postmaster's reaped children with the backends.
cpu_postgres_background_ticks() {
    local pidfile=${PG_TEST_DATA:-}/postmaster.pid total=0 pid t
    [ -n "${PG_TEST_DATA:-}" ] && [ -r "$pidfile" ] || { echo -1; return; }
    for pid in $(pgrep -P "$(head -1 "$pidfile")" || true); do
        case $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) in
            "postgres: checkpointer"* | "postgres: background writer"* | "postgres: walwriter"* | "postgres: autovacuum launcher"* \
                | "postgres: logical replication launcher"* | "postgres: archiver"*)
                t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || t=0
                total=$((total + ${t:-0})) ;;
        esac
    done
    echo "$total"
}

# Ticks of the live backends logged in as ROLE (a service's own pool: svc_loyalty, svc_markets),
# the part of Postgres' figure that the service's statements cost; the rest is other services'
# pollers, background processes and reaped children (autovacuum workers, exited backends).
cpu_postgres_role_ticks() {
    local total=0 pid t pids
    [ -n "${PG_TEST_DATA:-}" ] && [ -n "${DATABASE_URL:-}" ] || { echo -1; return; }
    pids=$("${PG_BIN:?}/psql" "$DATABASE_URL" -X -At -c "SELECT pid FROM pg_stat_activity WHERE usename = '$1'" 2>/dev/null) || { echo -1; return; }
    for pid in $pids; do
        t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# Context switches (voluntary: the thread waited; involuntary: it was preempted) of every thread
# of every process whose command line is exactly "$BENCH_BUILD_DIR/$1": each one is a thread put
# to sleep and woken again, the hand-offs a call costs.
cpu_process_switches() {
    local total=0 pid n
    for pid in $(pgrep -f "^${BENCH_BUILD_DIR:?}/$1\$" || true); do
        n=$(cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s + 0}')
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

# The live backends' context switches (the services' pools; a backend that exits takes its count along).
cpu_postgres_switches() {
    local pidfile=${PG_TEST_DATA:-}/postmaster.pid total=0 pid n
    [ -n "${PG_TEST_DATA:-}" ] && [ -r "$pidfile" ] || { echo -1; return; }
    for pid in $(pgrep -P "$(head -1 "$pidfile")" || true); do
        n=$(awk '/ctxt_switches/ {s += $2} END {print s + 0}' "/proc/$pid/status" 2>/dev/null)
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

cpu_ticks() {
    case $1 in
        switches-postgres) cpu_postgres_switches ;;
        switches-*) cpu_process_switches "${1#switches-}" ;;
        postgres) cpu_postgres_ticks ;;
        postgres-bg) cpu_postgres_background_ticks ;;
        postgres-svc_*) cpu_postgres_role_ticks "${1#postgres-}" ;;
        # The machine's steal time (all vCPUs): time the hypervisor ran something else instead.
        steal) awk '/^cpu / {print $9; exit}' /proc/stat ;;
        *) cpu_process_ticks "$1" ;;
    esac
}

cpu_snapshot() {
    local name=$1 kind
    : >"${CPU_DIR:?}/$name"
    for kind in gateway loyalty markets code-inventory claimer scheduler postgres postgres-bg postgres-svc_loyalty postgres-svc_markets steal \
        switches-gateway switches-loyalty switches-markets switches-postgres; do
        echo "$kind $(cpu_ticks "$kind")" >>"$CPU_DIR/$name"
    done
}

cpu_since() {
    local name=$1 kind=$2 before now
    before=$(awk -v k="$kind" '$1 == k {print $2}' "$CPU_DIR/$name")
    now=$(cpu_ticks "$kind")
    if [ -z "$before" ] || [ "$before" -lt 0 ] || [ "$now" -lt 0 ]; then echo -1; else echo $((now - before)); fi
}

# The load generator's own CPU: GNU time's user + system seconds, as ticks.
cpu_run() {
    local file=$1; shift; [ "$1" = -- ] && shift
    /usr/bin/time -f "%U %S" -o "$file.time" "$@"
    local status=$?
    awk -v hz="$CPU_TCK" '{printf "%d\n", ($1 + $2) * hz + 0.5}' "$file.time" >"$file"
    return $status
}

# Milliseconds of TICKS.
cpu_ms() {
    awk -v t="$1" -v hz="$CPU_TCK" 'BEGIN { if (t < 0) print "n/a"; else printf "%d\n", t / hz * 1000 }'
}

cpu_per() {
    awk -v c="$1" -v r="${2:-0}" 'BEGIN { if (c < 0 || r <= 0) print "n/a"; else printf "%.2f\n", c / r }'
}

cpu_switches() {
    local name=$1 kind=$2 requests=$3
    echo "$(cpu_per "$(cpu_since "$name" switches-gateway)" "$requests") $(cpu_per "$(cpu_since "$name" "switches-$kind")" "$requests")" \
        "$(cpu_per "$(cpu_since "$name" switches-postgres)" "$requests")"
}

cpu_us() {
    awk -v t="$1" -v r="${2:-0}" -v hz="$CPU_TCK" 'BEGIN { if (t < 0 || r <= 0) print "n/a"; else printf "%.1f\n", t / hz * 1e6 / r }'
}

# With BENCH_PROFILE_DIR set: `perf record` (sampling at 999 Hz, call graphs) of the gateway and
# the service while a measured run goes on; `profile_stop` writes <label>-<process>.perf.data there.
profile_start() {
    [ -n "${BENCH_PROFILE_DIR:-}" ] || return 0
    local label=$1 kind pid; shift
    PROFILE_PIDS=()
    mkdir -p "$BENCH_PROFILE_DIR"
    for kind in "$@"; do
        if [ "$kind" = sched ]; then
            # Every context switch and wake-up on the machine: scheduling delays per thread.
            perf sched record -a -o "$BENCH_PROFILE_DIR/$label-$kind.perf.data" >/dev/null 2>&1 &
            PROFILE_PIDS+=($!)
            continue
        elif [ "$kind" = steal ]; then
            # The host's steal time per vCPU (a virtual machine's threads all stop meanwhile).
            python3 "$(dirname "${BASH_SOURCE[0]}")/steal.py" "$BENCH_PROFILE_DIR/$label-$kind.txt" &
            PROFILE_PIDS+=($!)
            continue
        elif [ "$kind" = pgactivity ]; then
            # Every 10 ms: backends idle inside a transaction for more than 20 ms, or waiting.
            pg_activity_sampler "$BENCH_PROFILE_DIR/$label-$kind.txt" &
            PROFILE_PIDS+=($!)
            continue
        elif [ "$kind" = system ]; then
            # Everything on the machine (pgbench's backends start after the recording does).
            perf record -F 999 -g -a -o "$BENCH_PROFILE_DIR/$label-$kind.perf.data" >/dev/null 2>&1 &
            PROFILE_PIDS+=($!)
            continue
        elif [ "$kind" = postgres ]; then
            # Every backend alive now (the services' pools): the postmaster's children.
            pid=$(pgrep -d, -P "$(head -1 "${PG_TEST_DATA:?}/postmaster.pid")") || continue
        else
            pid=$(pgrep -f "^${BENCH_BUILD_DIR:?}/$kind\$" | head -1) || continue
        fi
        # PROFILE_CALL_GRAPH=dwarf: callers named past libc and the Swift runtime (frame pointers stop there).
        if [ "${PROFILE_CALL_GRAPH:-fp}" = dwarf ]; then
            perf record -F 299 --call-graph dwarf,16384 -p "$pid" -o "$BENCH_PROFILE_DIR/$label-$kind.perf.data" >/dev/null 2>&1 &
        else
            perf record -F 999 -g -p "$pid" -o "$BENCH_PROFILE_DIR/$label-$kind.perf.data" >/dev/null 2>&1 &
        fi
        PROFILE_PIDS+=($!)
    done
}

# Samples pg_stat_activity into $1 until interrupted (one psql session, \watch every 10 ms).
pg_activity_sampler() {
    local file=$1
    # TERM: a background job of a script ignores INT, and so can not trap it.
    trap 'pkill -P $BASHPID; exit 0' TERM
    printf '%s\n' "SELECT clock_timestamp()::time(3) AS at, pid, state, wait_event_type AS wtype, wait_event,
        round(extract(epoch FROM clock_timestamp() - state_change) * 1000) AS state_ms,
        round(extract(epoch FROM clock_timestamp() - xact_start) * 1000) AS xact_ms, regexp_replace(left(query, 70), '\s+', ' ', 'g') AS query
      FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
        AND ((state = 'idle in transaction' AND clock_timestamp() - state_change > interval '20 ms')
          OR (state = 'active' AND wait_event_type IN ('Lock', 'LWLock', 'IO') AND clock_timestamp() - state_change > interval '20 ms'))
    \watch 0.01" | "${PG_BIN:?}/psql" "${DATABASE_URL:?}" -X -q -A -F ' | ' -P footer=off -P pager=off 2>/dev/null \
        | grep -v '^at |' | grep -v '^$' | grep -v '(every ' >"$file" &
    # In the background and waited for: a trap runs only once the foreground command has ended.
    wait
}

profile_stop() {
    [ -n "${BENCH_PROFILE_DIR:-}" ] || return 0
    local pid
    for pid in "${PROFILE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PROFILE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PROFILE_PIDS=()
}
