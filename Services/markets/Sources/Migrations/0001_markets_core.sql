-- Accounts. Emails and usernames are unique case-insensitively; credits never go negative and
-- every change of them is a credit_transactions row written in the same transaction.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9_]{3,30}$'),
    password_hash text,
    credits       integer NOT NULL DEFAULT 0 CONSTRAINT users_credits_non_negative CHECK (credits >= 0),
    roles         text[] NOT NULL DEFAULT '{user}',
    avatar_url    text,
    bio           text,
    referral_code text NOT NULL UNIQUE,
    referred_by   uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE UNIQUE INDEX users_username ON users (lower(username));

-- Refresh tokens, stored as SHA-256 of the random token. A token is used once (rotation); using
-- one that was already used revokes its whole family (a stolen token is detected).
CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    family_id  uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- The append-only credit ledger: type, signed amount, balance after it, what it refers to.
CREATE TABLE credit_transactions (
    id            bigserial PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    type          text NOT NULL CHECK (type ~ '^[a-z_]{2,40}$'),
    amount        integer NOT NULL,
    balance_after integer NOT NULL CHECK (balance_after >= 0),
    reference     text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL
);
CREATE INDEX credit_transactions_user ON credit_transactions (user_id, id DESC);

-- Markets: ingested (source 'polymarket', upserted by external_id) or admin-created (CPMM).
CREATE TABLE markets (
    id               uuid PRIMARY KEY,
    external_id      text UNIQUE,
    source           text NOT NULL CHECK (source IN ('polymarket', 'admin')),
    question         text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
    slug             text NOT NULL DEFAULT '',
    category         text NOT NULL DEFAULT '',
    category_slug    text NOT NULL DEFAULT '',
    status           text NOT NULL CHECK (status IN ('open', 'closed', 'resolved', 'cancelled')),
    close_time       timestamptz,
    volume           double precision NOT NULL DEFAULT 0,
    liquidity        double precision NOT NULL DEFAULT 0,
    resolved_outcome text,
    -- CPMM weight p (admin markets only).
    cpmm_p           double precision CHECK (cpmm_p > 0 AND cpmm_p < 1),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX markets_status ON markets (status, close_time);
CREATE INDEX markets_category ON markets (category_slug, status);

-- Outcomes with their current price in millionths of a credit per share; CPMM markets keep each
-- outcome's pool in micro-shares.
CREATE TABLE market_outcomes (
    market_id    uuid NOT NULL REFERENCES markets (id),
    idx          smallint NOT NULL CHECK (idx >= 0),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    price_micros integer NOT NULL CHECK (price_micros BETWEEN 0 AND 1000000),
    pool_micros  bigint CHECK (pool_micros > 0),
    PRIMARY KEY (market_id, idx),
    UNIQUE (market_id, name)
);

-- Bets. shares_micros is what is still held (sells reduce it); amount is the stake.
CREATE TABLE bets (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES users (id),
    market_id      uuid NOT NULL REFERENCES markets (id),
    outcome        text NOT NULL,
    amount         integer NOT NULL CHECK (amount BETWEEN 10 AND 10000),
    shares_micros  bigint NOT NULL CHECK (shares_micros >= 0),
    bought_micros  bigint NOT NULL CHECK (bought_micros > 0),
    price_micros   integer NOT NULL CHECK (price_micros BETWEEN 1 AND 1000000),
    status         text NOT NULL CHECK (status IN ('open', 'sold', 'won', 'lost', 'refunded')),
    payout         integer NOT NULL DEFAULT 0 CHECK (payout >= 0),
    proceeds       integer NOT NULL DEFAULT 0 CHECK (proceeds >= 0),
    created_at     timestamptz NOT NULL,
    settled_at     timestamptz
);
CREATE INDEX bets_user ON bets (user_id, created_at DESC, id);
CREATE INDEX bets_open_by_market ON bets (market_id) WHERE status = 'open';

-- Leaderboard figures, maintained in the same transaction as the bet, sell or payout that
-- changes them: PnL = payouts + sale proceeds + refunds − stakes; volume = stakes.
CREATE TABLE user_stats (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    pnl        bigint NOT NULL DEFAULT 0,
    volume     bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL
);
CREATE INDEX user_stats_pnl ON user_stats (pnl DESC, user_id);
CREATE INDEX user_stats_volume ON user_stats (volume DESC, user_id);

-- The same per ISO week (Monday 00:00 UTC), for the `week` period.
CREATE TABLE user_stats_weekly (
    user_id    uuid NOT NULL REFERENCES users (id),
    week_start date NOT NULL,
    pnl        bigint NOT NULL DEFAULT 0,
    volume     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, week_start)
);
CREATE INDEX user_stats_weekly_pnl ON user_stats_weekly (week_start, pnl DESC, user_id);
CREATE INDEX user_stats_weekly_volume ON user_stats_weekly (week_start, volume DESC, user_id);
