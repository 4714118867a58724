-- Consumer side: an event id is handled at most once (inserted in the same transaction as the
-- handling), and the last sequence seen per publisher tells where a catch-up starts.
CREATE TABLE processed_events (
    event_id     text PRIMARY KEY,
    topic        text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE event_cursors (
    source        text PRIMARY KEY,
    last_sequence bigint NOT NULL DEFAULT 0
);
