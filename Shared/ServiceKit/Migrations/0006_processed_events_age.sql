-- The retention deletes handled event ids by age (OutboxPruner): an index keeps that a range scan.
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);
