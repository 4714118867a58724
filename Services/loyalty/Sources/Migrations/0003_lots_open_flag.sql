-- A draw that leaves points in its lot changes only `remaining`, and no index reads `remaining`:
-- Postgres writes the new row version on the same page (a HOT update) and adds no index entries,
-- so a customer's lots and their indexes do not fill with dead versions between vacuums. The
-- partial indexes key on `open` (Postgres keeps it equal to remaining > 0), which changes only
-- when a lot is emptied or refilled. The free tenth of each page is where those versions go.
-- Upgrading: adding the column rewrites `lots` under an exclusive lock, and loyalty processes of
-- the previous version (which ask for `remaining > 0`) find no index for their lot queries until
-- they are replaced. Apply it with the previous version stopped, or at a quiet hour.
ALTER TABLE lots SET (fillfactor = 90);
ALTER TABLE lots ADD COLUMN open boolean GENERATED ALWAYS AS (remaining > 0) STORED;
DROP INDEX lots_open;
DROP INDEX lots_expiring;
CREATE INDEX lots_open ON lots (customer_id, expires_at, id) WHERE open;
CREATE INDEX lots_expiring ON lots (expires_at) WHERE open;
