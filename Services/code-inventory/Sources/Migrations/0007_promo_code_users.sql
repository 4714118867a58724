-- Who has redeemed which promo code, for ever: the once-per-user rule. promo_redemptions is history
-- that promo-cleanup prunes after the retention; this compact table is never pruned, so a pruned
-- redemption cannot make a used code usable again. Filled in the same transaction as each redemption.
CREATE TABLE promo_code_users (
    code    text NOT NULL REFERENCES promo_codes (code),
    user_id text NOT NULL,
    PRIMARY KEY (code, user_id)
);
INSERT INTO promo_code_users (code, user_id) SELECT code, user_id FROM promo_redemptions ON CONFLICT DO NOTHING;
