-- Events written in the same transaction as the change they describe; the relay publishes them
-- after commit and gives each a publish sequence, so subscribers can detect gaps and catch up.
CREATE TABLE outbox (
    id          uuid PRIMARY KEY,
    created     bigserial NOT NULL,
    topic       text NOT NULL CHECK (topic ~ '^[a-z0-9-]+\.[a-z0-9_.-]+$'),
    payload     bytea NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    sequence    bigint UNIQUE,
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (created) WHERE sequence IS NULL;
