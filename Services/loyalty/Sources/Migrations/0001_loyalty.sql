-- Stores (tills' shops), their API keys (SHA-256, shown once) and the Telegram users who are cashiers.
CREATE TABLE stores (
    id           serial PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    api_key_hash bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE store_cashiers (
    store_id    integer NOT NULL REFERENCES stores (id),
    telegram_id bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, telegram_id)
);
CREATE INDEX store_cashiers_telegram ON store_cashiers (telegram_id);

-- Customers. The stored balance is the sum of `remaining` over the customer's lots (expired lots
-- are zeroed by the expiry, lazily on each operation and by the daily job).
CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    card        text NOT NULL UNIQUE CHECK (card ~ '^[1-9][0-9]{5}$'),
    telegram_id bigint UNIQUE,
    name        text NOT NULL DEFAULT '',
    balance     integer NOT NULL DEFAULT 0 CONSTRAINT customers_balance_non_negative CHECK (balance >= 0),
    created_at  timestamptz NOT NULL
);

-- The ledger: every change of a balance is one entry (signed points, balance after it).
CREATE TABLE entries (
    id               bigserial PRIMARY KEY,
    customer_id      bigint NOT NULL REFERENCES customers (id),
    kind             text NOT NULL CHECK (kind IN ('earn', 'redeem', 'refund', 'expire')),
    points           integer NOT NULL,
    balance_after    integer NOT NULL CHECK (balance_after >= 0),
    store_id         integer REFERENCES stores (id),
    purchase_kopecks bigint,
    discount_id      bigint,
    created_at       timestamptz NOT NULL
);
CREATE INDEX entries_customer ON entries (customer_id, id DESC);

-- Every earn creates a lot; redemptions draw from lots (oldest expiry first), refunds give back.
CREATE TABLE lots (
    id          bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    entry_id    bigint NOT NULL REFERENCES entries (id),
    amount      integer NOT NULL CHECK (amount > 0),
    remaining   integer NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
    earned_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > earned_at)
);
CREATE INDEX lots_open ON lots (customer_id, expires_at, id) WHERE remaining > 0;
CREATE INDEX lots_expiring ON lots (expires_at) WHERE remaining > 0;

-- Which lots a redemption used (a refund puts the points back into exactly these).
CREATE TABLE lot_draws (
    entry_id bigint NOT NULL REFERENCES entries (id),
    lot_id   bigint NOT NULL REFERENCES lots (id),
    points   integer NOT NULL CHECK (points > 0),
    PRIMARY KEY (entry_id, lot_id)
);

-- Operations at the tills (the stores' history; cleaned up after the retention period).
CREATE TABLE cashier_transactions (
    id               bigserial PRIMARY KEY,
    store_id         integer NOT NULL REFERENCES stores (id),
    customer_id      bigint NOT NULL REFERENCES customers (id),
    kind             text NOT NULL CHECK (kind IN ('earn', 'redeem')),
    purchase_kopecks bigint NOT NULL CHECK (purchase_kopecks > 0),
    points_earned    integer NOT NULL CHECK (points_earned >= 0),
    points_redeemed  integer NOT NULL CHECK (points_redeemed >= 0),
    created_at       timestamptz NOT NULL
);
CREATE INDEX cashier_transactions_store ON cashier_transactions (store_id, id DESC);
CREATE INDEX cashier_transactions_guard ON cashier_transactions (customer_id, store_id, kind, purchase_kopecks, created_at);
CREATE INDEX cashier_transactions_created ON cashier_transactions (created_at);

-- Discounts waiting for a till's agent to apply them in 1C.
CREATE TABLE pending_discounts (
    id              bigserial PRIMARY KEY,
    store_id        integer NOT NULL REFERENCES stores (id),
    customer_id     bigint NOT NULL REFERENCES customers (id),
    redeem_entry_id bigint NOT NULL UNIQUE REFERENCES entries (id),
    points          integer NOT NULL CHECK (points > 0),
    status          text NOT NULL CHECK (status IN ('pending', 'processing', 'applied', 'failed', 'expired')),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    handed_over_at  timestamptz,
    finished_at     timestamptz
);
CREATE INDEX pending_discounts_open ON pending_discounts (store_id, id) WHERE status IN ('pending', 'processing');
CREATE INDEX pending_discounts_expiring ON pending_discounts (expires_at) WHERE status IN ('pending', 'processing');

-- The receipt amount currently open at each store's till (kept 60 s; shared by every replica).
CREATE TABLE prechecks (
    store_id   integer PRIMARY KEY REFERENCES stores (id),
    kopecks    bigint NOT NULL CHECK (kopecks > 0),
    updated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
