-- A key is bound to the request it was first used with: the same key with another body is
-- refused. Keys are claimed in the same transaction that stores their reply, so a row without a
-- reply can only be left from before that; such a request never took effect, and its key is free.
ALTER TABLE idempotency_keys ADD COLUMN request_hash bytea;
DELETE FROM idempotency_keys WHERE reply IS NULL;
-- Keys are kept as long as published events (OUTBOX_RETENTION_HOURS), then pruned by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
