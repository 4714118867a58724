#!/usr/bin/env bash
# Claimer part of `make bench` (run by infra/run.sh, whose claimer serves the API only:
# CLAIM_WORKERS_ENABLED=false). For each worker count in $CLAIMER_BENCH_WORKERS (default "1 2 3"):
#  1. 1,000 users × 10 codes = 10,000 jobs submitted through the gateway (POST /api/claim/submit as
#     admin, 8 in parallel) — the enqueue rate is reported too;
#  2. that many extra claimer processes (own bus endpoints, workers on, mock platform, rate limit
#     lifted) drain the queue; claims/s = completed jobs / (last completion − first completion),
#     both read from the jobs' database timestamps, so process start-up is not counted.
# Prints "claimer workers <n> <claims/s> <enqueue jobs/s> <completed>" lines to $BENCH_OUT.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${GATEWAY_PORT:-8080}
OUT=${BENCH_OUT:-/dev/stdout}
BUILD=${BENCH_BUILD_DIR:-$ROOT/.build/release}
PG_BIN=${PG_BIN:-$("$ROOT/infra/pg.sh" bindir)}
DB=${DATABASE_URL:?DATABASE_URL is required}
SECRET=${JWT_SECRET:?JWT_SECRET is required (infra/run.sh sets the development one)}
USERS=${CLAIMER_BENCH_USERS:-1000}
CODES=${CLAIMER_BENCH_CODES:-10}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
psql() { "$PG_BIN/psql" "$DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

for _ in $(seq 1 60); do
    [ "$(psql -At -c "SELECT to_regclass('claimer.jobs') IS NOT NULL")" = t ] && break
    sleep 1
done

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"bench-admin","exp":%d,"roles":["admin"]}' $(( $(date +%s) + 3600 )) | b64url)
token="$header.$payload.$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64url)"

# One request body per user.
mkdir -p "$work/bodies"
for u in $(seq 1 "$USERS"); do
    codes=$(seq 0 $((CODES - 1)) | sed "s/.*/\"BENCH-&\"/" | paste -sd, -)
    printf '{"userId":"bench-%d","apiKey":"sk-bench-key-%d","codes":[%s]}' "$u" "$u" "$codes" >"$work/bodies/$u.json"
done

for workers in ${CLAIMER_BENCH_WORKERS:-1 2 3}; do
    psql -c "DELETE FROM claimer.claim_history WHERE user_id LIKE 'bench-%'; DELETE FROM claimer.jobs WHERE user_id LIKE 'bench-%';
             DELETE FROM claimer.rate_limiters WHERE user_id LIKE 'bench-%';"
    start=$(date +%s.%N)
    ls "$work/bodies" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data-binary "@$work/bodies/{}" "http://127.0.0.1:$PORT/api/claim/submit" >"$work/codes"
    enqueue_seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
    bad=$(grep -v '^202$' "$work/codes" | sort | uniq -c | tr -s ' \n' ' ' || true)
    queued=$(psql -At -c "SELECT count(*) FROM claimer.jobs WHERE user_id LIKE 'bench-%' AND state = 'queued'")
    echo "claimer: $workers worker process(es): $queued jobs queued (submits not 202:${bad:- none}) in ${enqueue_seconds}s" >&2

    pids=()
    for i in $(seq 1 "$workers"); do
        CLAIMER_RPC_URL="tcp://127.0.0.1:$((7400 + 2 * i))" CLAIMER_EVENTS_URL="tcp://127.0.0.1:$((7401 + 2 * i))" CLAIMER_HTTP_ADDRESS=off \
        CLAIM_WORKERS_ENABLED=true CLAIMS_PER_MINUTE_PER_USER=0 STAKE_MOCK_API=true \
            "$BUILD/claimer" >>"${LOG_DIR:-$ROOT/.data/logs}/claimer-bench-$i.log" 2>&1 &
        pids+=($!)
    done
    done_count=0
    for _ in $(seq 1 1200); do
        done_count=$(psql -At -c "SELECT count(*) FROM claimer.jobs WHERE user_id LIKE 'bench-%' AND state IN ('completed', 'failed', 'dead')")
        [ "$done_count" -ge "$queued" ] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
    read -r completed seconds <<<"$(psql -At -F ' ' -c "
        SELECT count(*), extract(epoch FROM max(updated_at) - min(updated_at))
        FROM claimer.jobs WHERE user_id LIKE 'bench-%' AND state = 'completed' AND outcome = 'claimed'")"
    rate=$(awk -v n="$completed" -v s="$seconds" 'BEGIN { if (s > 0) printf "%.0f", (n - 1) / s; else print 0 }')
    enqueue_rate=$(awk -v n="$queued" -v s="$enqueue_seconds" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }')
    echo "claimer workers $workers $rate $enqueue_rate $completed" | tee -a "$OUT" >&2
done
