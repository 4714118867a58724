-- An import is all or nothing: its codes are staged here chunk by chunk and become codes (and so
-- reservable, counted and assignable) only in the transaction that finishes the upload. Reserve
-- never reads this table, so staging costs its hot path nothing. `n` numbers an upload's values
-- in file order (1, 2, …); the finish gives them seqs in that order.
--
-- UNLOGGED: staged values are written once more when the upload finishes, and only that write
-- needs the WAL. A crash empties this table (and a standby never has it); the finish counts the
-- values it read against `uploads.staged` and refuses an upload that lost any, so such an upload
-- fails as a whole instead of importing part of its file.
CREATE UNLOGGED TABLE upload_codes (
    upload_id uuid NOT NULL,
    n         bigint NOT NULL,
    code      text NOT NULL,
    PRIMARY KEY (upload_id, n)
);

-- `staged`: values staged so far (the next `n` is staged + 1). `touched_at`: the last chunk (or the
-- start); an unfinished upload untouched for longer than CODE_UPLOAD_STALE_SECONDS is aborted by
-- the sweeper. An aborted upload keeps its row (who, when, why) and loses its staged codes.
ALTER TABLE uploads
    ADD COLUMN staged       bigint NOT NULL DEFAULT 0,
    ADD COLUMN touched_at   timestamptz,
    ADD COLUMN aborted_at   timestamptz,
    ADD COLUMN abort_reason text NOT NULL DEFAULT '',
    ADD CHECK (finished_at IS NULL OR aborted_at IS NULL);
UPDATE uploads SET touched_at = created_at;
ALTER TABLE uploads ALTER COLUMN touched_at SET NOT NULL;

-- The sweeper's look-up: open uploads by last activity.
CREATE INDEX uploads_open ON uploads (touched_at) WHERE finished_at IS NULL AND aborted_at IS NULL;
