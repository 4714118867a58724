# CPU cgroups for the bench scripts (sourced), so that the kernel's autogroup scheduling does not
# decide the figures.
#
#   cg_init                    create the bench's cgroup(s) (sets and exports CG_BASE; empty: off)
#                              and move the calling shell in: what it starts (Postgres, the
#                              services, wrk, pgbench, the bench executables) runs there too
#   cg_move NAME PID…          move processes (all their threads) into the group NAME (kinds only)
#   cg_move_postgres DATADIR   move the postmaster of DATADIR and its children into "postgres"
#   cg_cleanup                 move everything back to the root cgroup and remove the groups
#   cg_describe                one line saying how the bench's processes are grouped
#
# Why: on a machine where every process sits in the root CPU cgroup, autogroup makes every
# session a scheduling group, and every Postgres backend calls setsid(): each backend then
# competes as a group of its own, and on saturated cores some stay runnable but unscheduled for
# hundreds of milliseconds (docs/performance.md, "The earn stalls"). Autogroup does not apply to
# processes in a non-root cgroup, which is where a deployment's containers and systemd units run.
#
# BENCH_CGROUPS selects the layout:
#   one (default)  every process of the bench in one cgroup: the kernel schedules their threads
#                  one by one, as on a one-box deployment in a container or a systemd unit;
#   kinds          one cgroup per kind of process (postgres, each service, the gateway, the load
#                  generator), equal weights as Docker gives each container: Postgres' 16 backends
#                  then share one group's weight against each single service (measured on
#                  docs/performance-decisions.md);
#   0              every process where it is (the root cgroup, autogroup as the machine has it).
# Needs root and the cpu controller (cgroup v1 at /sys/fs/cgroup/cpu, or v2 with "cpu" enabled);
# without them the bench runs in the root cgroup and says so.

CG_BASE=${CG_BASE:-}
CG_ROOT=${CG_ROOT:-}

cg_init() {
    [ -n "$CG_BASE" ] && [ -d "$CG_BASE" ] && return 0
    CG_BASE="" CG_ROOT="" CG_OFF_REASON=""
    CG_LAYOUT=${BENCH_CGROUPS:-one}
    case $CG_LAYOUT in
        0) CG_OFF_REASON="BENCH_CGROUPS=0"; return 0 ;;
        one | kinds) ;;
        *) echo "cgroups: BENCH_CGROUPS must be one, kinds or 0" >&2; CG_OFF_REASON="BENCH_CGROUPS=$CG_LAYOUT"; return 0 ;;
    esac
    if [ -w /sys/fs/cgroup/cpu/cgroup.procs ]; then
        CG_ROOT=/sys/fs/cgroup/cpu
    elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null && [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then
        CG_ROOT=/sys/fs/cgroup
        echo +cpu >"$CG_ROOT/cgroup.subtree_control" 2>/dev/null || { CG_OFF_REASON="cannot enable the cpu controller"; CG_ROOT=""; return 0; }
    else
        CG_OFF_REASON="no writable CPU cgroup controller (needs root)"
        return 0
    fi
    local base=$CG_ROOT/platform-bench-$$
    if ! mkdir -p "$base" 2>/dev/null; then CG_OFF_REASON="cannot create $base"; CG_ROOT=""; return 0; fi
    [ "$CG_ROOT" = /sys/fs/cgroup ] && echo +cpu >"$base/cgroup.subtree_control" 2>/dev/null
    CG_BASE=$base
    export CG_BASE CG_ROOT CG_LAYOUT
    cg_move load $$
}

cg_group() {
    # One layout: every name is the one group.
    local dir=$CG_BASE/$1
    [ "$CG_LAYOUT" = one ] && dir=$CG_BASE/all
    [ -d "$dir" ] || mkdir -p "$dir"
    echo "$dir"
}

cg_move() {
    [ -n "$CG_BASE" ] || return 0
    local dir pid
    dir=$(cg_group "$1") || return 0
    shift
    for pid in "$@"; do echo "$pid" >"$dir/cgroup.procs" 2>/dev/null || true; done
}

cg_move_postgres() {
    [ -n "$CG_BASE" ] || return 0
    local master
    master=$(head -1 "$1/postmaster.pid" 2>/dev/null) || return 0
    # Backends forked from now on inherit the postmaster's group.
    cg_move postgres "$master" $(pgrep -P "$master" || true)
}

cg_cleanup() {
    [ -n "$CG_BASE" ] && [ -d "$CG_BASE" ] || return 0
    local dir pid
    for dir in "$CG_BASE"/*/ "$CG_BASE"/; do
        [ -r "$dir/cgroup.procs" ] || continue
        while read -r pid; do echo "$pid" >"$CG_ROOT/cgroup.procs" 2>/dev/null || true; done <"$dir/cgroup.procs"
    done
    for dir in "$CG_BASE"/*/; do [ -d "$dir" ] && rmdir "$dir" 2>/dev/null; done
    rmdir "$CG_BASE" 2>/dev/null
    CG_BASE=""
}

cg_describe() {
    if [ -n "$CG_BASE" ] && [ "$CG_LAYOUT" = one ]; then
        echo "CPU cgroups: every process of the bench in one cgroup ($CG_BASE/all): autogroup does not apply (BENCH_CGROUPS=one)"
    elif [ -n "$CG_BASE" ]; then
        echo "CPU cgroups: one per process kind (postgres, each service, the gateway, the load generator; equal weights) under $CG_BASE: autogroup does not apply (BENCH_CGROUPS=kinds)"
    else
        echo "CPU cgroups: off (${CG_OFF_REASON:-not set up}); kernel.sched_autogroup_enabled = $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo n/a)"
    fi
}
