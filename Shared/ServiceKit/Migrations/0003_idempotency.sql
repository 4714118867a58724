-- Replies of mutating calls by idempotency key, so a retried call returns the first answer.
CREATE TABLE idempotency_keys (
    method     text NOT NULL,
    key        text NOT NULL,
    subject    text NOT NULL DEFAULT '',
    reply      bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (method, key)
);
