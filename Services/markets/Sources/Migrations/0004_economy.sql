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
