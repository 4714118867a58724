-- Catalog listings page newest first over (created_at, id), which never change once written.
CREATE INDEX markets_created ON markets (created_at DESC, id DESC);
