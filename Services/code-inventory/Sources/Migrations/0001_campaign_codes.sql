-- Campaign codes. One row per code; unique per campaign (across both types). The state machine is
-- available -> reserved (24 h, reserve_id + reserved_at) -> assigned (permanent); a reserved row
-- older than 24 h counts as available until the release-expired-reservations job resets it.
CREATE TABLE codes (
    campaign_id text NOT NULL,
    code        text NOT NULL CHECK (char_length(code) BETWEEN 1 AND 128),
    type        text NOT NULL CHECK (type IN ('tm', 'external')),
    state       text NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'reserved', 'assigned')),
    reserve_id  uuid,
    reserved_at timestamptz,
    assigned_to text,
    assigned_at timestamptz,
    PRIMARY KEY (campaign_id, code),
    CHECK (state <> 'reserved' OR (reserve_id IS NOT NULL AND reserved_at IS NOT NULL)),
    CHECK (state <> 'assigned' OR (assigned_to IS NOT NULL AND assigned_at IS NOT NULL))
);
-- Reserve takes from here (FOR UPDATE SKIP LOCKED, in code order).
CREATE INDEX codes_available ON codes (campaign_id, type, code) WHERE state = 'available';
-- Expired reservations (reserve falls back on them; counts and the job look them up).
CREATE INDEX codes_reserved ON codes (campaign_id, type, reserved_at) WHERE state = 'reserved';
-- Release by reserveId.
CREATE INDEX codes_reservation ON codes (reserve_id) WHERE state = 'reserved';

-- Counts per (campaign, type) as maintained counters, changed in the same transaction as the codes.
-- Each transaction adds its deltas to one of 16 shards picked at random, so concurrent reservers of
-- one campaign do not queue on a single counter row; a count is the sum of at most 16 rows.
CREATE TABLE code_counters (
    campaign_id text NOT NULL,
    type        text NOT NULL CHECK (type IN ('tm', 'external')),
    shard       smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
    available   bigint NOT NULL DEFAULT 0,
    reserved    bigint NOT NULL DEFAULT 0,
    assigned    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, type, shard)
);

-- Imports (chunked uploads and object-store files): progress, CSV parser state between chunks
-- (chunks may reach different replicas) and totals.
CREATE TABLE uploads (
    id           uuid PRIMARY KEY,
    campaign_id  text NOT NULL,
    type         text NOT NULL CHECK (type IN ('tm', 'external')),
    source       text NOT NULL,
    next_seq     int NOT NULL DEFAULT 0,
    parser_state text NOT NULL,
    rows         bigint NOT NULL DEFAULT 0,
    inserted     bigint NOT NULL DEFAULT 0,
    duplicates   bigint NOT NULL DEFAULT 0,
    rejected     bigint NOT NULL DEFAULT 0,
    created_by   text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    chunk_count  int
);
