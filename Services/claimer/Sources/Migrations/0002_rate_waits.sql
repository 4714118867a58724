-- A job delayed by its user's rate limit (not by a retry backoff or the platform's 429) still
-- waits its turn among that user's jobs: admission goes by priority then age, so a better job
-- waiting for a slot keeps the slot from worse ones whatever its run_at. Cleared when admitted.
ALTER TABLE jobs ADD COLUMN waits_for_rate boolean NOT NULL DEFAULT false;
