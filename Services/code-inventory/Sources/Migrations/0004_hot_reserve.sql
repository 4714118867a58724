-- Reserve changes a code's row without touching any indexed column, so Postgres can update it in
-- place on its page (a HOT update: no new entry in any index). The partial index over available
-- codes made every reserved code a non-HOT update, because `state` was in its predicate.
--
-- Codes are handed out in `seq` order (import order within a campaign and type). Each lane keeps
-- a cursor: every code of the lane with seq <= reserved_through has been reserved at least once.
-- Reserve takes never-reserved codes after the cursor and moves it in the same transaction, so a
-- rollback moves it back. Codes that become available again behind the cursor (released, or
-- reset by the expiry job) are marked `returned`, a small partial index reserve looks in next.
ALTER TABLE codes ADD COLUMN seq bigint, ADD COLUMN returned boolean NOT NULL DEFAULT false;

-- Imports of a lane allocate seq from this row; its row lock is held until the import's
-- transaction commits, so a lane's imports become visible in seq order and no code can appear
-- behind a cursor that has already passed its seq.
CREATE TABLE code_lanes (
    campaign_id text NOT NULL,
    type        text NOT NULL CHECK (type IN ('tm', 'external')),
    next_seq    bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (campaign_id, type)
);

-- Reserve's cursor per lane, locked by each reserve transaction (so replicas take turns per lane)
-- and kept apart from `code_lanes` so that an import never holds up reservations.
CREATE TABLE reserve_cursors (
    campaign_id     text NOT NULL,
    type            text NOT NULL CHECK (type IN ('tm', 'external')),
    reserved_through bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, type)
);

-- Existing codes: seq in code order (the order reserve used before), every lane's cursor at the
-- start. Codes after the cursor that are not available are passed over by reserve's state check.
UPDATE codes c SET seq = n.seq
FROM (SELECT campaign_id, code, row_number() OVER (PARTITION BY campaign_id, type ORDER BY code) AS seq FROM codes) n
WHERE c.campaign_id = n.campaign_id AND c.code = n.code;
INSERT INTO code_lanes (campaign_id, type, next_seq) SELECT campaign_id, type, max(seq) + 1 FROM codes GROUP BY campaign_id, type;
INSERT INTO reserve_cursors (campaign_id, type) SELECT campaign_id, type FROM code_lanes;
ALTER TABLE codes ALTER COLUMN seq SET NOT NULL;

CREATE INDEX codes_lane ON codes (campaign_id, type, seq);
CREATE INDEX codes_returned ON codes (campaign_id, type, seq) WHERE returned;
DROP INDEX codes_available;

-- Room on each page for the reserved version of its rows (a HOT update needs it on the same page).
-- Pages written before this migration keep their fill until the table is rewritten (VACUUM FULL).
ALTER TABLE codes SET (fillfactor = 40);
