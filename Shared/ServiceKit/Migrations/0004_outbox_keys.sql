-- Outbox rows are written once by the transaction that makes the event and changed once by the
-- relay (which gives them their sequence). Both writes paid for index entries in a random-UUID
-- primary key (a random leaf page each) and for a NULL entry in the sequence index. Here the key
-- is `created` (ascending, so every entry goes to the rightmost page) and the sequence index holds
-- numbered rows only. Measured on 1,000,000 stored events: inserting and numbering 16,600 more
-- took ~30% less time. Nothing looks an event up by `id`: ids are random v4 UUIDs made by the
-- platform, and consumers deduplicate by them in `processed_events`.
-- Rebuilding the key takes a lock on `outbox` for as long as the table takes to index.
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
ALTER TABLE outbox ADD CONSTRAINT outbox_pkey PRIMARY KEY (created);
ALTER TABLE outbox DROP CONSTRAINT outbox_sequence_key;
CREATE UNIQUE INDEX outbox_sequence_key ON outbox (sequence) WHERE sequence IS NOT NULL;
