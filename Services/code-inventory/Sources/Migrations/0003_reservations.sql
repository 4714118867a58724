-- One row per reservation, listing the codes it handed out. Release by reserveId and everything
-- that looks for expired reservations (reserve's fallback, counts, the expiry job) start here, so
-- the codes table needs no index over reserved rows: such an index cost every reserved code an
-- entry (two of them about 30% of the reserve statement), this costs one row per reservation.
-- A listed code still belongs to the reservation while its row is 'reserved' with this reserve_id
-- (a later reservation may have taken it over after expiry; release and assign leave the list as
-- it is). The expiry job deletes rows older than 24 h.
CREATE TABLE reservations (
    reserve_id  uuid PRIMARY KEY,
    campaign_id text NOT NULL,
    type        text NOT NULL CHECK (type IN ('tm', 'external')),
    reserved_at timestamptz NOT NULL,
    codes       text[] NOT NULL
);
CREATE INDEX reservations_age ON reservations (campaign_id, type, reserved_at);
CREATE INDEX reservations_expiry ON reservations (reserved_at);

INSERT INTO reservations (reserve_id, campaign_id, type, reserved_at, codes)
SELECT reserve_id, min(campaign_id), min(type), min(reserved_at), array_agg(code ORDER BY code)
FROM codes WHERE state = 'reserved' GROUP BY reserve_id;

DROP INDEX codes_reserved;
DROP INDEX codes_reservation;
