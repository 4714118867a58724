-- Trading discipline: targets (goal + optional abort trigger), aims (a plan on a market with
-- optional stop-loss / profit-target prices) and shots (bets filed under an aim). A shot's result
-- is recorded once its bet has closed; per-user counts are rolled up by discipline-stats-rollup.
CREATE TABLE discipline_targets (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id),
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    goal               text NOT NULL DEFAULT '' CHECK (length(goal) <= 500),
    abort_loss_credits integer NOT NULL DEFAULT 0 CHECK (abort_loss_credits >= 0),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX discipline_targets_user ON discipline_targets (user_id, created_at);

CREATE TABLE discipline_aims (
    id                   uuid PRIMARY KEY,
    target_id            uuid NOT NULL REFERENCES discipline_targets (id) ON DELETE CASCADE,
    user_id              uuid NOT NULL REFERENCES users (id),
    market_id            uuid NOT NULL REFERENCES markets (id),
    outcome              text NOT NULL,
    stop_loss_micros     integer CHECK (stop_loss_micros BETWEEN 1 AND 999999),
    profit_target_micros integer CHECK (profit_target_micros BETWEEN 1 AND 1000000),
    note                 text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_at           timestamptz NOT NULL
);
CREATE INDEX discipline_aims_target ON discipline_aims (target_id, created_at);

CREATE TABLE discipline_shots (
    id                   uuid PRIMARY KEY,
    aim_id               uuid NOT NULL REFERENCES discipline_aims (id) ON DELETE CASCADE,
    user_id              uuid NOT NULL REFERENCES users (id),
    bet_id               uuid NOT NULL UNIQUE REFERENCES bets (id),
    created_at           timestamptz NOT NULL,
    closed_at            timestamptz,
    exit_price_micros    integer,
    realized_pnl         integer,
    stop_loss_result     text CHECK (stop_loss_result IN ('honored', 'ignored', 'none')),
    profit_target_result text CHECK (profit_target_result IN ('honored', 'ignored', 'none'))
);
CREATE INDEX discipline_shots_aim ON discipline_shots (aim_id, created_at);
CREATE INDEX discipline_shots_open ON discipline_shots (bet_id) WHERE closed_at IS NULL;

CREATE TABLE discipline_stats (
    user_id               uuid PRIMARY KEY REFERENCES users (id),
    total_shots           integer NOT NULL,
    stop_loss_honored     integer NOT NULL,
    stop_loss_ignored     integer NOT NULL,
    profit_target_honored integer NOT NULL,
    profit_target_ignored integer NOT NULL,
    abort_honored         integer NOT NULL,
    abort_ignored         integer NOT NULL,
    updated_at            timestamptz NOT NULL
);
