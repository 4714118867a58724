-- Daily rewards: one row per user and UTC day (the primary key is what makes a claim once a day,
-- also under concurrent claims); the streak is consecutive days including that one.
CREATE TABLE daily_rewards (
    user_id    uuid NOT NULL REFERENCES users (id),
    day        date NOT NULL,
    streak     integer NOT NULL CHECK (streak >= 1),
    amount     integer NOT NULL CHECK (amount > 0),
    claimed_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- Referral bonuses: at most one per new user (the primary key), never to oneself.
CREATE TABLE referral_bonuses (
    referred_id uuid PRIMARY KEY REFERENCES users (id),
    referrer_id uuid NOT NULL REFERENCES users (id),
    amount      integer NOT NULL CHECK (amount > 0),
    created_at  timestamptz NOT NULL,
    CHECK (referred_id <> referrer_id)
);
CREATE INDEX referral_bonuses_referrer ON referral_bonuses (referrer_id, created_at);

-- Credit purchases: a row per attempt; `completed` is reached once, and only that transition
-- credits the account (the purchase id is the ledger reference).
CREATE TABLE purchases (
    id                 uuid PRIMARY KEY,
    user_id            uuid NOT NULL REFERENCES users (id),
    package_id         text NOT NULL,
    credits            integer NOT NULL CHECK (credits > 0),
    price_cents        integer NOT NULL CHECK (price_cents > 0),
    currency           text NOT NULL,
    status             text NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
    provider           text NOT NULL,
    provider_reference text,
    created_at         timestamptz NOT NULL,
    completed_at       timestamptz
);
CREATE INDEX purchases_user ON purchases (user_id, created_at DESC);

-- Virtual stocks: admin-managed prices in whole credits; holdings per user and symbol.
CREATE TABLE stocks (
    symbol     text PRIMARY KEY CHECK (symbol ~ '^[A-Z]{1,8}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    price      integer NOT NULL CHECK (price > 0),
    updated_at timestamptz NOT NULL
);
INSERT INTO stocks (symbol, name, price, updated_at) VALUES
    ('THIS', 'This Corp', 100, now()),
    ('THAT', 'That Industries', 250, now()),
    ('MOON', 'Moonshot Labs', 40, now()),
    ('BOND', 'Steady Bonds', 1000, now());

CREATE TABLE holdings (
    user_id    uuid NOT NULL REFERENCES users (id),
    symbol     text NOT NULL REFERENCES stocks (symbol),
    quantity   integer NOT NULL CHECK (quantity >= 0),
    cost_basis bigint NOT NULL CHECK (cost_basis >= 0),
    PRIMARY KEY (user_id, symbol)
);
