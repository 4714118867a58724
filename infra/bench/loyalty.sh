#!/usr/bin/env bash
# Loyalty part of `make bench` (run by infra/run.sh once the platform is up):
#  - earn through the gateway: wrk, 16 connections, random card of 1,000 and random amount
#    (no Idempotency-Key: the service's 10 s duplicate guard runs, as at a real till);
#  - pgbench, 16 clients, running the same SQL transaction the service runs for an earn
#    (lock customer + entry id; then the duplicate and expired-lot checks with the entry, lot, balance, event and
#    cashier row in one statement);
#  - redeem through the gateway: wrk, 16 connections, p50/p95/p99/max from wrk's histogram;
#  - earn (each followed by pgbench again) and redeem again, BENCH_LOYALTY_RUNS times in all
#    (default 5): the stall goal (p99 and the slowest request of every run) and the earn ratio
#    over pairs of runs taken seconds apart;
#  - the CPU each process spent per request (infra/bench/cpu.sh), for earn and for pgbench.
# Prints "loyalty <figure> <value>..." lines to $BENCH_OUT (default stdout):
#   loyalty earn|redeem|earn-N|redeem-N <req/s> <non2xx> <p50> <p95> <p99> <max ms> <gateway µs> <loyalty µs> <postgres µs> <wrk µs>
#     <postgres background µs> <steal ms: the machine's vCPUs taken by the hypervisor during the run>
#     <context switches per request: gateway, loyalty, Postgres backends> <postgres µs in loyalty's own backends>
#   loyalty pgbench-prepared|pgbench-prepared-N|pgbench-simple <tps> <postgres µs> <pgbench µs> <postgres background µs>
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/infra/bench/cpu.sh"
RUNS=${BENCH_LOYALTY_RUNS:-5}
PORT=${GATEWAY_PORT:-8080}
DURATION=${BENCH_DURATION:-10s}
OUT=${BENCH_OUT:-/dev/stdout}
PG_BIN=${PG_BIN:-$("$ROOT/infra/pg.sh" bindir)}
DB=${DATABASE_URL:?DATABASE_URL is required}
CUSTOMERS=1000
KEY="sk_bench_$(date +%s%N)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CPU_DIR=$work
psql() { "$PG_BIN/psql" "$DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

# The service migrates its schema at start-up; /healthz (the gateway) may answer before that.
for _ in $(seq 1 60); do
    [ "$(psql -At -c "SELECT to_regclass('loyalty.cashier_transactions') IS NOT NULL")" = t ] && break
    sleep 0.5
done

# Set-up (not measured): a store whose key we know, 1,000 customers with 10,000 points each in one lot.
store=$(psql -At -c "INSERT INTO loyalty.stores (name, api_key_hash) VALUES ('bench', sha256(convert_to('$KEY', 'UTF8'))) RETURNING id")
psql -c "
INSERT INTO loyalty.customers (card, name, created_at)
SELECT (100000 + g)::text, 'bench', now() FROM generate_series(1, $CUSTOMERS) g ON CONFLICT (card) DO NOTHING;
WITH c AS (SELECT id FROM loyalty.customers WHERE card::int BETWEEN 100001 AND $((100000 + CUSTOMERS))),
e AS (INSERT INTO loyalty.entries (customer_id, kind, points, balance_after, created_at)
      SELECT id, 'earn', 10000, 10000, now() FROM c RETURNING id, customer_id)
INSERT INTO loyalty.lots (customer_id, entry_id, amount, remaining, earned_at, expires_at)
SELECT customer_id, id, 10000, 10000, now(), now() + interval '45 days' FROM e;
UPDATE loyalty.customers c SET balance = (SELECT sum(remaining) FROM loyalty.lots l WHERE l.customer_id = c.id)
WHERE card::int BETWEEN 100001 AND $((100000 + CUSTOMERS));"

cat >"$work/earn.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-store-api-key"] = "$KEY"
-- Random cards, and an amount no other request of this run or of its warm-up has (k is unique:
-- stride 16 over the thread id and the phase), so the service's 10 s duplicate guard still runs
-- for every request but never refuses one: any non-2xx reply is a real failure.
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", threads) end
init = function(args)
  math.randomseed(os.time() * 100 + id)
  phase = tonumber(args[1]) or 0
  n = 0
end
request = function()
  n = n + 1
  local kopecks = 10000 + n * 16 + phase * 8 + id
  local body = string.format('{"card":"%d","storeId":$store,"amount":"%d.%02d"}',
    100000 + math.random(1, $CUSTOMERS), math.floor(kopecks / 100), kopecks % 100)
  return wrk.format(nil, "/api/cashier/earn", nil, body)
end
done = function(summary, latency, requests)
  io.stderr:write(string.format("p50 %.2f p95 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
sed -e 's#/api/cashier/earn#/api/cashier/redeem#' \
    -e 's#"amount":"%d.%02d"}#"amount":"%d.%02d","points":1}#' "$work/earn.lua" >"$work/redeem.lua"

# measure LABEL SCRIPT PHASE: a 2 s warm-up (phase PHASE) and the measured run (phase PHASE+1);
# the phases keep every run's amounts distinct, so the duplicate guard never refuses one.
measure() {
    local label=$1 script=$2 phase=${3:-0} out rps non2xx latency requests
    wrk -t2 -c16 -d2s -s "$script" "http://127.0.0.1:$PORT" -- "$phase" >/dev/null 2>&1
    cpu_snapshot "$label"
    profile_start "$label" ${BENCH_PROFILE_KINDS:-gateway loyalty postgres}
    out=$(cpu_run "$CPU_DIR/$label.wrk" -- wrk -t2 -c16 -d"$DURATION" -s "$script" "http://127.0.0.1:$PORT" -- $((phase + 1)) 2>&1)
    profile_stop
    echo "$out" | sed "s/^/    [$label] /" >&2
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $NF}')
    latency=$(echo "$out" | awk '/^p50 / {print $2, $4, $6, $8}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "loyalty $label ${rps:-0} ${non2xx:-0} ${latency:-0 0 0 0} $(cpu_us "$(cpu_since "$label" gateway)" "$requests")" \
        "$(cpu_us "$(cpu_since "$label" loyalty)" "$requests") $(cpu_us "$(cpu_since "$label" postgres)" "$requests")" \
        "$(cpu_us "$(cat "$CPU_DIR/$label.wrk")" "$requests") $(cpu_us "$(cpu_since "$label" postgres-bg)" "$requests")" \
        "$(cpu_ms "$(cpu_since "$label" steal)") $(cpu_switches "$label" loyalty "$requests")" \
        "$(cpu_us "$(cpu_since "$label" postgres-svc_loyalty)" "$requests")" >>"$OUT"
}

measure earn "$work/earn.lua" 0

# pgbench: the same statements, same order, same parameters' shapes (card lookup, store, amount;
# the new balance computed once, as the service binds it).
cat >"$work/earn.sql" <<SQL
\set card random(100001, $((100000 + CUSTOMERS)))
\set kopecks random(10000, 500099)
\set points (:kopecks * 4 + 5000) / 10000
BEGIN;
SELECT id AS cid, balance AS bal, nextval('loyalty.entries_id_seq') AS eid FROM loyalty.customers WHERE card = (:card)::text FOR UPDATE \gset
\set after :bal + :points
WITH checks AS MATERIALIZED (SELECT true AND EXISTS (SELECT 1 FROM loyalty.cashier_transactions WHERE customer_id = :cid AND store_id = :store
  AND kind = 'earn' AND purchase_kopecks = :kopecks AND created_at > now() - interval '10 seconds') AS duplicate,
  EXISTS (SELECT 1 FROM loyalty.lots WHERE customer_id = :cid AND open AND expires_at <= now()) AS expired),
go AS (SELECT FROM checks WHERE NOT duplicate AND NOT expired),
entry AS (INSERT INTO loyalty.entries (id, customer_id, kind, points, balance_after, store_id, purchase_kopecks, created_at)
  SELECT :eid, :cid, 'earn', :points, :after, :store, :kopecks, now() FROM go),
lot AS (INSERT INTO loyalty.lots (customer_id, entry_id, amount, remaining, earned_at, expires_at)
  SELECT :cid, :eid, :points, :points, now(), now() + interval '45 days' FROM go),
event AS (INSERT INTO loyalty.outbox (id, topic, payload) SELECT gen_random_uuid(), 'loyalty.points_earned', '\x0a06313030303031100118282028'::bytea FROM go),
balance AS (UPDATE loyalty.customers SET balance = :after, points_earned = points_earned + :points, purchases = purchases + 1,
  spent_kopecks = spent_kopecks + :kopecks, last_visit_at = now() WHERE id = :cid AND EXISTS (SELECT FROM go)),
record AS (INSERT INTO loyalty.cashier_transactions (store_id, customer_id, kind, purchase_kopecks, points_earned, points_redeemed, created_at)
  SELECT :store, :cid, 'earn', :kopecks, :points, 0, now() FROM go RETURNING id)
SELECT checks.duplicate, checks.expired, record.id FROM checks LEFT JOIN record ON true;
COMMIT;
SQL
# pgbench_run LABEL MODE: prepared statements (the like-for-like reference: the service's pool
# prepares repeated statements too) or the simple query protocol (parse and plan every statement).
pgbench_run() {
    local label=$1 mode=$2 pg_out pg_tps pg_tx
    cpu_snapshot "$label"
    profile_start "$label" ${BENCH_PGBENCH_PROFILE_KINDS:-system}
    pg_out=$(cpu_run "$CPU_DIR/$label.load" -- "$PG_BIN/pgbench" "$DB" -n -M "$mode" -c 16 -j 2 -T "${DURATION%s}" -D store="$store" -f "$work/earn.sql" 2>&1) || { echo "$pg_out" >&2; exit 1; }
    profile_stop
    echo "$pg_out" | sed "s/^/    [pgbench -M $mode] /" >&2
    pg_tps=$(echo "$pg_out" | awk '/^tps = / {print $3; exit}')
    pg_tx=$(echo "$pg_out" | awk '/actually processed:/ {split($NF, a, "/"); print a[1]}')
    echo "loyalty $label ${pg_tps:-0} $(cpu_us "$(cpu_since "$label" postgres)" "$pg_tx") $(cpu_us "$(cat "$CPU_DIR/$label.load")" "$pg_tx") $(cpu_us "$(cpu_since "$label" postgres-bg)" "$pg_tx")" >>"$OUT"
}
pgbench_run pgbench-prepared prepared
pgbench_run pgbench-simple simple

measure redeem "$work/redeem.lua" 0
# The stall goal looks at every run: earn and redeem again, RUNS runs in all.
# Each earn run is followed by its own pgbench run, so that the earn ratio is taken over pairs
# measured seconds apart: this machine's speed drifts by 20–30% within minutes.
for run in $(seq 2 "$RUNS"); do
    measure "earn-$run" "$work/earn.lua" $((run * 2))
    pgbench_run "pgbench-prepared-$run" prepared
    measure "redeem-$run" "$work/redeem.lua" $((run * 2))
done
