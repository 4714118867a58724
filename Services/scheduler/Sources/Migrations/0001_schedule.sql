-- The schedule: one row per job. `scheduled_through` is the claim cursor: every tick at or before
-- it has been claimed (run, missed or skipped) by some replica; the next tick is computed after it.
CREATE TABLE jobs (
    name                    text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]*$'),
    service                 text NOT NULL,
    cron                    text NOT NULL,
    timezone                text NOT NULL DEFAULT 'UTC',
    enabled                 boolean NOT NULL DEFAULT true,
    overlap                 text NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'allow')),
    catch_up_window_seconds integer NOT NULL DEFAULT 3600 CHECK (catch_up_window_seconds >= 0),
    scheduled_through       timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);

-- Every run: a scheduled tick (trigger 'schedule') or an admin's trigger ('manual').
-- Inserting the (job, scheduled_for) row of a tick is the claim: the unique index lets exactly one
-- replica insert it, and only the replica whose INSERT returned the row dispatches it.
CREATE TABLE runs (
    id             uuid PRIMARY KEY,
    job            text NOT NULL REFERENCES jobs (name) ON UPDATE CASCADE ON DELETE CASCADE,
    scheduled_for  timestamptz NOT NULL,
    trigger        text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    status         text NOT NULL CHECK (status IN ('running', 'retrying', 'succeeded', 'partial', 'failed',
                                                   'timed_out', 'missed', 'skipped')),
    attempt        integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    next_retry_at  timestamptz,
    lease_until    timestamptz,
    started_at     timestamptz,
    finished_at    timestamptz,
    duration_ms    bigint,
    processed      bigint NOT NULL DEFAULT 0,
    failed         bigint NOT NULL DEFAULT 0,
    summary_keys   text[] NOT NULL DEFAULT '{}',
    summary_values text[] NOT NULL DEFAULT '{}',
    error          text NOT NULL DEFAULT '',
    CHECK (status <> 'retrying' OR next_retry_at IS NOT NULL),
    CHECK (status <> 'running' OR lease_until IS NOT NULL)
);
CREATE UNIQUE INDEX runs_tick ON runs (job, scheduled_for) WHERE trigger = 'schedule';
CREATE INDEX runs_history ON runs (job, scheduled_for DESC, id DESC);
CREATE INDEX runs_open ON runs (status, job) WHERE status IN ('running', 'retrying');
CREATE INDEX runs_finished ON runs (job, finished_at);
CREATE INDEX runs_age ON runs (scheduled_for);

-- Alerts: a run longer than the limit (once per run) or a failure rate over the limit in 24 h.
CREATE TABLE alerts (
    id         uuid PRIMARY KEY,
    job        text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('long_run', 'failure_rate')),
    message    text NOT NULL,
    run_id     uuid,
    created_at timestamptz NOT NULL,
    CONSTRAINT alerts_once_per_run UNIQUE (run_id, kind)
);
CREATE INDEX alerts_recent ON alerts (created_at DESC, id DESC);
CREATE INDEX alerts_by_job ON alerts (job, kind, created_at DESC);

-- The built-in schedule (UTC), editable at run time (PATCH /api/admin/jobs/{name}).
INSERT INTO jobs (name, service, cron) VALUES
    ('tier-expiration',              'markets',        '15 0 * * *'),
    ('global-override-check',        'markets',        '0 * * * *'),
    ('discipline-stats-rollup',      'markets',        '0 1 * * *'),
    ('trial-reminder',               'markets',        '0 9 * * *'),
    ('markets-ingest',               'markets',        '*/5 * * * *'),
    ('leaderboard-refresh',          'markets',        '*/1 * * * *'),
    ('promo-cleanup',                'code-inventory', '0 2 * * 0'),
    ('release-expired-reservations', 'code-inventory', '*/5 * * * *'),
    ('expire-points',                'loyalty',        '0 2 * * *'),
    ('cleanup-transactions',         'loyalty',        '0 3 * * *'),
    ('expire-pending-discounts',     'loyalty',        '* * * * *'),
    ('scheduler-retention',          'scheduler',      '30 4 * * *');
