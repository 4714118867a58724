-- Multi-use promo codes with a validity window [valid_from, valid_until). Codes are stored
-- upper-case. The CHECK on redemptions is the last line of defence against over-redemption.
CREATE TABLE promo_codes (
    code            text PRIMARY KEY,
    benefit_credits int CHECK (benefit_credits > 0),
    benefit_tier    text,
    benefit_days    int CHECK (benefit_days > 0),
    max_redemptions int NOT NULL CHECK (max_redemptions > 0),
    redemptions     int NOT NULL DEFAULT 0 CHECK (redemptions >= 0 AND redemptions <= max_redemptions),
    valid_from      timestamptz NOT NULL,
    valid_until     timestamptz NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    created_by      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    CHECK (valid_until > valid_from),
    CHECK ((benefit_credits IS NOT NULL AND benefit_tier IS NULL AND benefit_days IS NULL)
        OR (benefit_credits IS NULL AND benefit_tier IS NOT NULL AND benefit_days IS NOT NULL))
);
CREATE INDEX promo_codes_expiring ON promo_codes (valid_until) WHERE active;

-- One redemption per user and code; an idempotency key names one redemption.
CREATE TABLE promo_redemptions (
    id              uuid PRIMARY KEY,
    code            text NOT NULL REFERENCES promo_codes (code),
    user_id         text NOT NULL,
    idempotency_key text NOT NULL DEFAULT '',
    redeemed_at     timestamptz NOT NULL,
    CONSTRAINT promo_redemptions_once_per_user UNIQUE (code, user_id)
);
CREATE UNIQUE INDEX promo_redemptions_key ON promo_redemptions (code, idempotency_key) WHERE idempotency_key <> '';
CREATE INDEX promo_redemptions_age ON promo_redemptions (redeemed_at);
