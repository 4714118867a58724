#!/usr/bin/env bash
# Markets part of `make bench` (run by infra/run.sh once the platform is up):
#  - bets through the gateway: wrk, 16 threads × 1 connection, each connection one of 16 users
#    (HS256 tokens signed here with JWT_SECRET), random market of 8 quoted markets, outcome and
#    amount 10…50; no Idempotency-Key;
#  - pgbench, 16 clients (client n is user n), running the same SQL transaction the service runs
#    for a bet on a quoted market (market lock, market + outcomes, then the conditional debit with
#    the ledger row, bet, stats, weekly stats and event in one statement);
#  - bets and pgbench again, BENCH_MARKETS_RUNS pairs in all (default 5): the goal is their median ratio;
#  - leaderboards: 100,000 users and 1,000,000 bets seeded by SQL (the boards read user_stats,
#    which is filled from those bets), then wrk, 16 connections, top 100 of pnl/volume × all/week.
# With the CPU each process spent per request (infra/bench/cpu.sh). Prints lines to $BENCH_OUT:
#   markets bet|bet-N|leaderboard <req/s> <non2xx> <p50> <p95> <p99> <max ms> <gateway µs> <markets µs> <postgres µs> <wrk µs>
#     <postgres background µs> <steal ms> <context switches per request: gateway, markets, Postgres backends>
#     <postgres µs in markets' own backends>
#   markets pgbench-prepared|pgbench-prepared-N|pgbench-simple <tps> <postgres µs> <pgbench µs> <postgres background µs> <steal ms>
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/infra/bench/cpu.sh"
PORT=${GATEWAY_PORT:-8080}
DURATION=${BENCH_DURATION:-10s}
OUT=${BENCH_OUT:-/dev/stdout}
PG_BIN=${PG_BIN:-$("$ROOT/infra/pg.sh" bindir)}
DB=${DATABASE_URL:?DATABASE_URL is required}
SECRET=${JWT_SECRET:?JWT_SECRET is required (infra/run.sh sets the development one)}
RUNS=${BENCH_MARKETS_RUNS:-5}
USERS=16
MARKETS=8
BOARD_USERS=${BENCH_BOARD_USERS:-100000}
BOARD_BETS=${BENCH_BOARD_BETS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CPU_DIR=$work
psql() { "$PG_BIN/psql" "$DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

# The service migrates its schema at start-up; /healthz (the gateway) may answer before that.
for _ in $(seq 1 60); do
    [ "$(psql -At -c "SELECT to_regclass('markets.user_stats_weekly') IS NOT NULL")" = t ] && break
    sleep 1
done

# Fixed ids, so pgbench can name users and markets from numbers.
user_id() { printf '00000000-0000-4000-9000-%012d' "$1"; }
market_id() { printf '00000000-0000-4000-8000-%012d' "$1"; }

# Set-up (not measured): 16 users with 1,000,000 credits each (one ledger row), 8 open quoted markets.
psql -c "
INSERT INTO markets.users (id, email, username, credits, referral_code, created_at, updated_at)
SELECT ('00000000-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, 'bench' || g || '@example.com', 'bench_' || g, 1000000,
       'BENCH' || g, now(), now()
FROM generate_series(1, $USERS) g ON CONFLICT DO NOTHING;
INSERT INTO markets.credit_transactions (user_id, type, amount, balance_after, reference, created_at)
SELECT id, 'bench_grant', 1000000, 1000000, 'bench', now() FROM markets.users WHERE username LIKE 'bench\_%'
  AND NOT EXISTS (SELECT 1 FROM markets.credit_transactions t WHERE t.user_id = users.id);
INSERT INTO markets.markets (id, external_id, source, question, status, created_at, updated_at)
SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'bench-' || g, 'polymarket', 'Bench market ' || g, 'open', now(), now()
FROM generate_series(1, $MARKETS) g ON CONFLICT DO NOTHING;
INSERT INTO markets.market_outcomes (market_id, idx, name, price_micros)
SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, o.idx, o.name,
       CASE o.idx WHEN 0 THEN 300000 + g * 50000 ELSE 700000 - g * 50000 END
FROM generate_series(1, $MARKETS) g, (VALUES (0::smallint, 'YES'), (1::smallint, 'NO')) AS o(idx, name) ON CONFLICT DO NOTHING;"

# HS256 tokens as the gateway verifies them (sub, exp, roles), one per user.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
exp=$(( $(date +%s) + 3600 ))
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
tokens=""
for n in $(seq 1 $USERS); do
    payload=$(printf '{"sub":"%s","exp":%d,"roles":["user"]}' "$(user_id "$n")" "$exp" | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64url)
    tokens="$tokens\"$header.$payload.$signature\","
done

cat >"$work/bet.lua" <<LUA
wrk.method = "POST"
local tokens = { $tokens }
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("id", threads) end
-- One connection per thread (-t16 -c16): each connection bets as its own user.
init = function(args)
  math.randomseed(os.time() * 100 + id)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[((id - 1) % #tokens) + 1] }
end
request = function()
  local body = string.format('{"marketId":"00000000-0000-4000-8000-%012d","outcome":"%s","amount":%d}',
    math.random(1, $MARKETS), math.random(0, 1) == 0 and "YES" or "NO", math.random(10, 50))
  return wrk.format(nil, "/api/v1/bets", headers, body)
end
done = function(summary, latency, requests)
  io.stderr:write(string.format("p50 %.2f p95 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

cat >"$work/board.lua" <<'LUA'
local paths = { "/api/v1/leaderboard/pnl?period=all&limit=100", "/api/v1/leaderboard/volume?period=all&limit=100",
                "/api/v1/leaderboard/pnl?period=week&limit=100", "/api/v1/leaderboard/volume?period=week&limit=100" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  io.stderr:write(string.format("p50 %.2f p95 %.2f p99 %.2f max %.2f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

measure() {
    local label=$1 script=$2 threads=$3 out rps non2xx latency requests
    wrk -t"$threads" -c16 -d2s -s "$script" "http://127.0.0.1:$PORT" >/dev/null 2>&1
    cpu_snapshot "$label"
    profile_start "$label" ${BENCH_PROFILE_KINDS:-gateway markets postgres}
    out=$(cpu_run "$CPU_DIR/$label.wrk" -- wrk -t"$threads" -c16 -d"$DURATION" -s "$script" "http://127.0.0.1:$PORT" 2>&1)
    profile_stop
    echo "$out" | sed "s/^/    [$label] /" >&2
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $NF}')
    latency=$(echo "$out" | awk '/^p50 / {print $2, $4, $6, $8}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "markets $label ${rps:-0} ${non2xx:-0} ${latency:-0 0 0 0} $(cpu_us "$(cpu_since "$label" gateway)" "$requests")" \
        "$(cpu_us "$(cpu_since "$label" markets)" "$requests") $(cpu_us "$(cpu_since "$label" postgres)" "$requests")" \
        "$(cpu_us "$(cat "$CPU_DIR/$label.wrk")" "$requests") $(cpu_us "$(cpu_since "$label" postgres-bg)" "$requests")" \
        "$(cpu_ms "$(cpu_since "$label" steal)") $(cpu_switches "$label" markets "$requests")" \
        "$(cpu_us "$(cpu_since "$label" postgres-svc_markets)" "$requests")" >>"$OUT"
}

measure bet "$work/bet.lua" 16

# pgbench: the same statements in the same order with the same shapes (BetStore.place on a quoted
# market; the event payload is a BetPlaced of the same size; the debit bound as one value, as the
# service binds it, which -M prepared needs to type the parameter).
cat >"$work/bet.sql" <<'SQL'
\set m random(1, 8)
\set amount random(10, 50)
\set side random(0, 1)
\set b random(1, 281474976710655)
\set debit -1 * :amount
BEGIN;
SELECT CASE WHEN source = 'admin' THEN pg_advisory_xact_lock(hashtextextended('markets.market:' || id::text, 0))
            ELSE pg_advisory_xact_lock_shared(hashtextextended('markets.market:' || id::text, 0)) END AS locked
FROM markets.markets WHERE id = ('00000000-0000-4000-8000-' || lpad(:m::text, 12, '0'))::uuid;
SELECT m.source, m.status, m.close_time, m.cpmm_p, m.resolved_outcome, o.idx, o.name, o.price_micros, o.pool_micros
FROM markets.markets m JOIN markets.market_outcomes o ON o.market_id = m.id
WHERE m.id = ('00000000-0000-4000-8000-' || lpad(:m::text, 12, '0'))::uuid ORDER BY o.idx;
WITH moved AS (
    UPDATE markets.users SET credits = credits + :debit, updated_at = now()
    WHERE id = ('00000000-0000-4000-9000-' || lpad((:client_id + 1)::text, 12, '0'))::uuid AND credits - :amount >= 0
    RETURNING credits
), entry AS (
    INSERT INTO markets.credit_transactions (user_id, type, amount, balance_after, reference, created_at)
    SELECT ('00000000-0000-4000-9000-' || lpad((:client_id + 1)::text, 12, '0'))::uuid, 'bet', :debit, credits,
           '00000000-0000-4000-a000-' || lpad(to_hex((:b)::bigint), 12, '0'), now() FROM moved
), stats AS (
    INSERT INTO markets.user_stats (user_id, pnl, volume, updated_at)
    SELECT ('00000000-0000-4000-9000-' || lpad((:client_id + 1)::text, 12, '0'))::uuid, :debit, :amount, now() FROM moved
    ON CONFLICT (user_id) DO UPDATE SET pnl = user_stats.pnl + excluded.pnl, volume = user_stats.volume + excluded.volume,
                                        updated_at = excluded.updated_at
), weekly AS (
    INSERT INTO markets.user_stats_weekly (user_id, week_start, pnl, volume)
    SELECT ('00000000-0000-4000-9000-' || lpad((:client_id + 1)::text, 12, '0'))::uuid, date_trunc('week', now() AT TIME ZONE 'UTC')::date,
           :debit, :amount FROM moved
    ON CONFLICT (user_id, week_start) DO UPDATE SET pnl = user_stats_weekly.pnl + excluded.pnl,
                                                    volume = user_stats_weekly.volume + excluded.volume
), event AS (
    INSERT INTO markets.outbox (id, topic, payload) SELECT gen_random_uuid(), 'markets.bet_placed', decode(repeat('ab', 170), 'hex') FROM moved
)
INSERT INTO markets.bets (id, user_id, market_id, outcome, amount, shares_micros, bought_micros, price_micros, status, created_at)
SELECT ('00000000-0000-4000-a000-' || lpad(to_hex((:b)::bigint), 12, '0'))::uuid,
       ('00000000-0000-4000-9000-' || lpad((:client_id + 1)::text, 12, '0'))::uuid,
       ('00000000-0000-4000-8000-' || lpad(:m::text, 12, '0'))::uuid, CASE WHEN :side = 0 THEN 'YES' ELSE 'NO' END,
       :amount, :amount::bigint * 1000000000000 / 600000, :amount::bigint * 1000000000000 / 600000, 600000, 'open', now() FROM moved
RETURNING id, market_id, outcome, amount, shares_micros, price_micros, status, payout, proceeds, created_at, settled_at,
          (extract(epoch FROM created_at) * 1000000)::bigint AS created_us;
COMMIT;
SQL
# pgbench_bet LABEL MODE: prepared statements (the like-for-like reference: the service's pool
# prepares repeated statements too) or the simple query protocol (parse and plan every statement).
pgbench_bet() {
    local label=$1 mode=$2 pg_out pg_tps pg_tx
    cpu_snapshot "$label"
    pg_out=$(cpu_run "$CPU_DIR/$label.load" -- "$PG_BIN/pgbench" "$DB" -n -M "$mode" -c 16 -j 2 -T "${DURATION%s}" -f "$work/bet.sql" 2>&1) || { echo "$pg_out" >&2; exit 1; }
    echo "$pg_out" | sed "s/^/    [pgbench -M $mode] /" >&2
    pg_tps=$(echo "$pg_out" | awk '/^tps = / {print $3; exit}')
    pg_tx=$(echo "$pg_out" | awk '/actually processed:/ {split($NF, a, "/"); print a[1]}')
    echo "markets $label ${pg_tps:-0} $(cpu_us "$(cpu_since "$label" postgres)" "$pg_tx") $(cpu_us "$(cat "$CPU_DIR/$label.load")" "$pg_tx") $(cpu_us "$(cpu_since "$label" postgres-bg)" "$pg_tx") $(cpu_ms "$(cpu_since "$label" steal)")" >>"$OUT"
}
pgbench_bet pgbench-prepared prepared
pgbench_bet pgbench-simple simple
# The bet goal is the median of RUNS pairs (a bet run, then pgbench right after it): one pair
# moves by 10 points of ratio between runs on this machine.
for run in $(seq 2 "$RUNS"); do
    measure "bet-$run" "$work/bet.lua" 16
    pgbench_bet "pgbench-prepared-$run" prepared
done

# Leaderboards at scale (seeding not measured): users, bets (open, won at 2× or lost, over the 8
# markets), then the figures the service would have kept, all time and this week.
started=$(date +%s)
psql -c "
SET synchronous_commit = off;
INSERT INTO markets.users (id, email, username, credits, referral_code, created_at, updated_at)
SELECT ('00000000-0000-4000-9000-' || lpad((1000 + g)::text, 12, '0'))::uuid, 'board' || g || '@example.com', 'board_' || g, 1000,
       'BOARD' || g, now(), now()
FROM generate_series(1, $BOARD_USERS) g ON CONFLICT DO NOTHING;
INSERT INTO markets.bets (id, user_id, market_id, outcome, amount, shares_micros, bought_micros, price_micros, status, payout, created_at, settled_at)
SELECT gen_random_uuid(), ('00000000-0000-4000-9000-' || lpad((1000 + 1 + g % $BOARD_USERS)::text, 12, '0'))::uuid,
       ('00000000-0000-4000-8000-' || lpad((1 + g % $MARKETS)::text, 12, '0'))::uuid, CASE WHEN g % 2 = 0 THEN 'YES' ELSE 'NO' END,
       a, a * 2000000, a * 2000000, 500000, (ARRAY['open', 'won', 'lost'])[1 + g % 3], CASE WHEN g % 3 = 1 THEN 2 * a ELSE 0 END,
       now(), CASE WHEN g % 3 = 0 THEN NULL ELSE now() END
FROM generate_series(1::bigint, $BOARD_BETS) g, LATERAL (SELECT 10 + (g::bigint * 7919) % 991 AS a) s;
INSERT INTO markets.user_stats (user_id, pnl, volume, updated_at)
SELECT user_id, sum(payout + proceeds - amount), sum(amount), now() FROM markets.bets GROUP BY user_id
ON CONFLICT (user_id) DO UPDATE SET pnl = excluded.pnl, volume = excluded.volume;
INSERT INTO markets.user_stats_weekly (user_id, week_start, pnl, volume)
SELECT user_id, date_trunc('week', now() AT TIME ZONE 'UTC')::date, sum(payout + proceeds - amount), sum(amount) FROM markets.bets GROUP BY user_id
ON CONFLICT (user_id, week_start) DO UPDATE SET pnl = excluded.pnl, volume = excluded.volume;
ANALYZE markets.users; ANALYZE markets.bets; ANALYZE markets.user_stats; ANALYZE markets.user_stats_weekly;"
echo "    [leaderboard] seeded $(psql -At -c "SELECT count(*) FROM markets.users") users, $(psql -At -c "SELECT count(*) FROM markets.bets") bets in $(( $(date +%s) - started )) s" >&2

measure leaderboard "$work/board.lua" 2
