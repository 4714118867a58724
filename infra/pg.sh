#!/usr/bin/env bash
# Local Postgres clusters for `make db`, `make run`, `make test` and `make bench`.
#
#   infra/pg.sh bindir                   print the Postgres server bin dir (honours $PG_BIN)
#   infra/pg.sh datadir <dir>            print the real data dir used for <dir> (see below)
#   infra/pg.sh init    <dir> <port>     initdb (-A trust -U postgres, UTF8) unless already initialised
#   infra/pg.sh start   <dir> [port]     init if needed, start unless running, wait until ready
#   infra/pg.sh stop    <dir>            fast shutdown (no-op when not running)
#   infra/pg.sh status  <dir>            exit 0 when running, 3 when not
#   infra/pg.sh destroy <dir>            stop and delete the cluster
#   infra/pg.sh url     <port>           print the DATABASE_URL for a local cluster on <port>
#
# Postgres refuses to run as root: as root, initdb/pg_ctl run as user `postgres` (runuser, else su)
# and the data dir belongs to postgres. When postgres cannot reach <dir> (a repo under /root, say),
# the cluster lives in /tmp/platform-pg-<hash of the path>/<name> and <dir> becomes a symlink to it.
# The cluster listens on 127.0.0.1:<port> only; its unix socket is inside the data dir. The settings
# go into postgresql.conf, so a plain `pg_ctl -D <datadir> start` comes back on the same port.
# PG_FAST=1 at init: fsync/synchronous_commit/full_page_writes off (throwaway clusters only).
set -euo pipefail

die() { echo "pg.sh: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

pg_bindir() {
    if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/pg_ctl" ]; then echo "$PG_BIN"; return; fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    for d in /usr/local/bin /usr/local/pgsql/bin; do
        if [ -x "$d/pg_ctl" ]; then dirname "$(readlink -f "$d/pg_ctl")"; return; fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
    die "no Postgres server binaries found (looked in \$PG_BIN, /usr/lib/postgresql/*/bin, PATH); run 'make deps'"
}

# Runs a command as the postgres user when we are root, from / (its cwd may be unreadable to postgres).
as_pg() {
    if is_root; then
        id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install postgresql: make deps)"
        if command -v runuser >/dev/null 2>&1; then
            (cd / && runuser -u postgres -- "$@")
        else
            local q; q=$(printf '%q ' "$@")
            (cd / && su postgres -s /bin/sh -c "$q")
        fi
    else
        "$@"
    fi
}

# The path as given, made absolute (without resolving a symlink in its last component).
logical_path() {
    local parent
    parent=$(realpath -m "$(dirname "$1")")
    echo "$parent/$(basename "$1")"
}

real_dir() {
    local logical parent
    logical=$(logical_path "$1")
    if ! is_root; then echo "$logical"; return; fi
    parent=$(dirname "$logical")
    mkdir -p "$parent"
    if as_pg test -x "$parent" 2>/dev/null && [ ! -L "$logical" ]; then
        echo "$logical"
    else
        echo "/tmp/platform-pg-$(printf '%s' "$logical" | cksum | cut -d' ' -f1)/$(basename "$logical")"
    fi
}

sock_dir() {
    # A unix socket path must stay under ~107 bytes.
    if [ "${#1}" -le 80 ]; then echo "$1"; else echo "/tmp/platform-pg-sock-$(printf '%s' "$1" | cksum | cut -d' ' -f1)"; fi
}

prepare_dir() {
    local logical=$1 dir=$2
    mkdir -p "$dir"
    if [ "$dir" != "$logical" ]; then
        chmod 755 "$(dirname "$dir")"
        ln -sfn "$dir" "$logical"
        echo "pg.sh: postgres cannot reach $(dirname "$logical"); cluster lives in $dir ($logical links to it)" >&2
    fi
    if is_root; then chown -R postgres:postgres "$dir"; fi
    chmod 700 "$dir"
}

close_fds() {
    local fd
    for fd in $(ls "/proc/$BASHPID/fd" 2>/dev/null); do
        [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
    done
    return 0
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# 0 running, 1 not running, 2 stale postmaster.pid (process gone or not a postgres).
pg_state() {
    local dir=$1 pid
    [ -f "$dir/postmaster.pid" ] || return 1
    pid=$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)
    [ -n "$pid" ] || return 2
    kill -0 "$pid" 2>/dev/null || return 2
    if [ -r "/proc/$pid/stat" ]; then
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ] || return 2
        # A killed postmaster may linger as a zombie until its new parent reaps it.
        [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 2
    fi
    return 0
}

remove_stale() {
    local dir=$1 sock
    echo "pg.sh: removing stale postmaster.pid in $dir (previous server did not shut down cleanly)" >&2
    rm -f "$dir/postmaster.pid"
    sock=$(sock_dir "$dir")
    rm -f "$sock"/.s.PGSQL.*.lock
}

cmd_init() {
    local logical=$1 port=$2 dir bin locale_opt
    dir=$(real_dir "$logical"); bin=$(pg_bindir)
    [ -f "$dir/PG_VERSION" ] && return 0
    prepare_dir "$(logical_path "$logical")" "$dir"
    # A half-made dir from an interrupted initdb: start again.
    find "$dir" -mindepth 1 -delete
    if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then locale_opt=--locale=C.UTF-8; else locale_opt=--no-locale; fi
    if ! as_pg "$bin/initdb" -D "$dir" -A trust -U postgres --encoding=UTF8 "$locale_opt" >"/tmp/pg-initdb.$$.log" 2>&1; then
        cat "/tmp/pg-initdb.$$.log" >&2; rm -f "/tmp/pg-initdb.$$.log"
        die "initdb failed for $dir"
    fi
    rm -f "/tmp/pg-initdb.$$.log"
    local sock; sock=$(sock_dir "$dir")
    if [ "$sock" != "$dir" ]; then mkdir -p "$sock"; is_root && chown postgres:postgres "$sock"; fi
    {
        echo ""
        echo "# added by infra/pg.sh"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$sock'"
        echo "max_connections = 200"
        if [ "${PG_FAST:-0}" = 1 ]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } >>"$dir/postgresql.conf"
}

cmd_start() {
    local logical=$1 port=${2:-} dir bin state=0
    dir=$(real_dir "$logical"); bin=$(pg_bindir)
    if [ -z "$port" ]; then
        port=$(sed -n "s/^port = \([0-9]*\)$/\1/p" "$dir/postgresql.conf" 2>/dev/null | tail -n 1)
        [ -n "$port" ] || die "start: no port given and $dir is not initialised"
    fi
    cmd_init "$logical" "$port"
    pg_state "$dir" || state=$?
    if [ "$state" = 0 ]; then echo "pg.sh: already running ($dir)"; return 0; fi
    [ "$state" = 2 ] && remove_stale "$dir"
    port_busy "$port" && die "port $port on 127.0.0.1 is in use by another process (choose another port: PG_PORT / PG_TEST_PORT / PG_BENCH_PORT)"
    # setsid: a Ctrl-C sent to our process group must not reach the postmaster (SIGINT = fast shutdown).
    # close_fds: the postmaster must not inherit our caller's descriptors (Foundation's Process, for
    # one, waits until every holder of its child's socket has closed it: the caller would hang).
    if ! (close_fds; as_pg setsid -w "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "-p $port" start >/dev/null </dev/null); then
        tail -n 20 "$dir/server.log" >&2 || true
        die "could not start Postgres in $dir (log: $dir/server.log)"
    fi
    echo "pg.sh: Postgres running on 127.0.0.1:$port ($dir)"
}

cmd_stop() {
    local dir bin state=0
    dir=$(real_dir "$1"); bin=$(pg_bindir)
    pg_state "$dir" || state=$?
    case $state in
        0) as_pg "$bin/pg_ctl" -D "$dir" -m fast -w -t 30 stop >/dev/null \
               || as_pg "$bin/pg_ctl" -D "$dir" -m immediate -w -t 30 stop >/dev/null
           echo "pg.sh: stopped ($dir)" ;;
        2) remove_stale "$dir" ;;
        *) ;;
    esac
}

cmd_status() {
    local dir state=0
    dir=$(real_dir "$1")
    pg_state "$dir" || state=$?
    if [ "$state" = 0 ]; then echo "running ($dir)"; return 0; fi
    echo "not running ($dir)"; return 3
}

cmd_destroy() {
    local logical dir
    logical=$(logical_path "$1"); dir=$(real_dir "$1")
    [ -d "$dir" ] && cmd_stop "$1" >/dev/null
    rm -rf "$dir"
    if [ "$dir" != "$logical" ]; then
        rm -f "$logical"
        rmdir "$(dirname "$dir")" 2>/dev/null || true
    fi
    local sock; sock=$(sock_dir "$dir")
    [ "$sock" != "$dir" ] && rm -rf "$sock"
    return 0
}

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

[ $# -ge 1 ] || usage
case $1 in
    bindir)  pg_bindir ;;
    datadir) [ $# -eq 2 ] || usage; real_dir "$2" ;;
    init)    [ $# -eq 3 ] || usage; cmd_init "$2" "$3" ;;
    start)   [ $# -ge 2 ] || usage; cmd_start "$2" "${3:-}" ;;
    stop)    [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
    status)  [ $# -eq 2 ] || usage; cmd_status "$2" ;;
    destroy) [ $# -eq 2 ] || usage; cmd_destroy "$2" ;;
    url)     [ $# -eq 2 ] || usage; echo "postgresql://postgres@127.0.0.1:$2/postgres" ;;
    *) usage ;;
esac
