-- Codes enqueued on their own for a user when code-inventory announced them (promo_code_created):
-- one row per (user, code), inserted in the transaction that enqueues the job, so however many
-- replicas see the event, and however often, the pair is enqueued once.
CREATE TABLE auto_claims (
    user_id     text NOT NULL,
    code        text NOT NULL,
    enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (user_id, code)
);
