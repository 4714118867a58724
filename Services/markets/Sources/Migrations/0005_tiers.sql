-- Tiers: each user's own tier, where it came from and when it ends; a global override in
-- global_config raises everyone's effective tier while it is active.
ALTER TABLE users
    ADD COLUMN tier text NOT NULL DEFAULT 'free' CHECK (tier IN ('free', 'pro', 'premium')),
    ADD COLUMN tier_source text NOT NULL DEFAULT 'default' CHECK (tier_source IN ('default', 'purchase', 'promo', 'admin')),
    ADD COLUMN tier_expires_at timestamptz;
CREATE INDEX users_tier_expiry ON users (tier_expires_at) WHERE tier <> 'free';

CREATE TABLE global_config (
    key        text PRIMARY KEY,
    tier       text CHECK (tier IN ('pro', 'premium')),
    expires_at timestamptz,
    updated_at timestamptz NOT NULL
);

-- A promo benefit is applied once per redemption (code-inventory's redemption id).
CREATE TABLE promo_applications (
    redemption_id text PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    code          text NOT NULL,
    credits       integer,
    tier          text,
    days          integer,
    applied_at    timestamptz NOT NULL
);

-- Notifications sent to users (trial reminders: once per user, threshold and tier end).
CREATE TABLE notifications (
    id              bigserial PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id),
    kind            text NOT NULL,
    threshold_days  integer NOT NULL,
    tier_expires_at timestamptz NOT NULL,
    message         text NOT NULL,
    created_at      timestamptz NOT NULL,
    UNIQUE (user_id, kind, threshold_days, tier_expires_at)
);
