-- The claimer's queue. Every time in these tables comes from the database clock
-- (clock_timestamp()), the one clock all worker processes share.

-- A user's platform API key, AES-GCM sealed (nonce ‖ ciphertext ‖ tag) under the key `key_id`.
CREATE TABLE api_keys (
    user_id      text PRIMARY KEY,
    key_id       text NOT NULL,
    sealed       bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_used_at timestamptz
);
CREATE INDEX api_keys_by_key_id ON api_keys (key_id);

-- One claim of one code for one user. `attempts` counts attempts that ended in a retryable
-- failure (network, 5xx, timeout); a platform 429 delays without using one.
CREATE TABLE jobs (
    id          bigserial PRIMARY KEY,
    user_id     text NOT NULL,
    code        text NOT NULL,
    priority    int NOT NULL DEFAULT 0,
    state       text NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'delayed', 'active', 'completed', 'failed', 'dead', 'cancelled')),
    outcome     text CHECK (outcome IN ('claimed', 'skipped')),
    attempts    int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    lease_until timestamptz,
    -- The lease's token: only the holder of the current lease may record the outcome.
    lease_token text,
    -- The process that took the job last (host:pid), kept for operators.
    last_worker text,
    last_error  text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((state = 'active') = (lease_until IS NOT NULL)),
    CHECK ((state = 'completed') = (outcome IS NOT NULL))
);
-- What workers take: due waiting jobs by priority, and active jobs whose lease ran out.
CREATE INDEX jobs_due ON jobs (priority, run_at, id) WHERE state IN ('queued', 'delayed');
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'active';
CREATE INDEX jobs_by_user ON jobs (user_id, state);
CREATE INDEX jobs_by_state ON jobs (state, id);
-- A code waits or runs at most once per user: enqueuing it again is a no-op.
CREATE UNIQUE INDEX jobs_pending_once ON jobs (user_id, code) WHERE state IN ('queued', 'delayed', 'active');

-- Recorded outcomes (the user's history): one row per job outcome (a replayed dead job adds
-- its new outcome). A code is claimed at most once per user.
CREATE TABLE claim_history (
    id              bigserial PRIMARY KEY,
    job_id          bigint NOT NULL REFERENCES jobs (id),
    user_id         text NOT NULL,
    code            text NOT NULL,
    status          text NOT NULL CHECK (status IN ('claimed', 'skipped', 'failed')),
    reason          text NOT NULL DEFAULT '',
    reward_type     text,
    reward_amount   numeric,
    reward_currency text,
    attempted_at    timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX claim_history_by_job ON claim_history (job_id);
CREATE UNIQUE INDEX claim_history_claimed_once ON claim_history (user_id, code) WHERE status = 'claimed';
CREATE INDEX claim_history_by_user ON claim_history (user_id, id DESC);

-- Sliding-window rate limit per user: one row per admitted attempt inside the window; the
-- limiter row is locked while a worker decides, so every process sees every admission.
CREATE TABLE rate_limiters (
    user_id text PRIMARY KEY
);
-- Times in microseconds since the epoch of the database clock, so the window arithmetic is exact.
CREATE TABLE rate_admissions (
    user_id     text NOT NULL REFERENCES rate_limiters (user_id) ON DELETE CASCADE,
    admitted_us bigint NOT NULL,
    job_id      bigint NOT NULL
);
CREATE INDEX rate_admissions_window ON rate_admissions (user_id, admitted_us);
