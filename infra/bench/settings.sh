# The platform's settings in every bench (sourced by infra/bench/run.sh, ab.sh, stall.sh and
# profile.sh); each can be set in the environment instead.

# The bench measures the path, not the rate limiter.
export GATEWAY_RATE_LIMIT_PER_SECOND=${GATEWAY_RATE_LIMIT_PER_SECOND:-100000000}
export GATEWAY_RATE_LIMIT_BURST=${GATEWAY_RATE_LIMIT_BURST:-100000000}
export LOG_LEVEL=${LOG_LEVEL:-warning}
# Two database connections per CPU for each service: Postgres shares the machine's CPUs with the
# services, and a transaction beyond that only time-shares a CPU with the others, holding its row
# locks longer, while a request waiting for a connection waits in the pool's FIFO queue. With 16
# (as many as pgbench's clients) redeem's p99 was 25–38 ms, with 4 it was 17–20 ms at the same
# throughput (docs/performance-decisions.md).
export DB_POOL_SIZE=${DB_POOL_SIZE:-$((2 * $(nproc)))}
# The bench's tills never apply the discounts they are given. With the default 90 s, the minutely
# expire-pending-discounts job refunds every redemption run's ~10,000 discounts, one transaction
# each, inside the later runs (see docs/performance-decisions.md): a discount outlives the bench.
export PENDING_DISCOUNT_EXPIRY_SECONDS=${PENDING_DISCOUNT_EXPIRY_SECONDS:-86400}
