-- A discount is a two-phase transfer: the redemption holds its points (drawn from the lots),
-- `applied` posts the hold, `failed` or the expiry voids it (the draws go back). An `applied` that
-- arrives after the void is posted late: the points are drawn again as far as the balance allows,
-- and what it does not cover is the shortfall.
ALTER TABLE pending_discounts
    ADD COLUMN late             boolean NOT NULL DEFAULT false,
    ADD COLUMN points_redebited integer NOT NULL DEFAULT 0 CHECK (points_redebited >= 0),
    ADD COLUMN shortfall        integer NOT NULL DEFAULT 0 CHECK (shortfall >= 0);

-- Discounts a till applied after their points had been refunded, which the balance no longer
-- covered: the points nobody paid for (with an outbox event each, for whoever follows them up).
CREATE TABLE discount_shortfalls (
    discount_id bigint PRIMARY KEY REFERENCES pending_discounts (id),
    customer_id bigint NOT NULL REFERENCES customers (id),
    store_id    integer NOT NULL REFERENCES stores (id),
    points      integer NOT NULL CHECK (points > 0),
    redebited   integer NOT NULL CHECK (redebited >= 0),
    shortfall   integer NOT NULL CHECK (shortfall > 0 AND redebited + shortfall = points),
    created_at  timestamptz NOT NULL
);

-- The discount a redemption created, so the store's history shows its outcome.
ALTER TABLE cashier_transactions ADD COLUMN discount_id bigint REFERENCES pending_discounts (id);
-- A redemption and its discount are written in one transaction at the same instant.
UPDATE cashier_transactions t SET discount_id = d.id
FROM pending_discounts d
WHERE t.kind = 'redeem' AND d.customer_id = t.customer_id AND d.store_id = t.store_id AND d.created_at = t.created_at;

-- Running totals of each customer, changed in the same transaction as the operation: the stores'
-- history is deleted after the retention period, these stay.
ALTER TABLE customers
    ADD COLUMN purchases       integer NOT NULL DEFAULT 0,
    ADD COLUMN spent_kopecks   bigint NOT NULL DEFAULT 0,
    ADD COLUMN points_earned   bigint NOT NULL DEFAULT 0,
    ADD COLUMN points_redeemed bigint NOT NULL DEFAULT 0,
    ADD COLUMN last_visit_at   timestamptz;

-- Points from the ledger (never deleted); purchases from the history still kept.
UPDATE customers c SET points_earned = s.earned, points_redeemed = s.redeemed
FROM (
    SELECT customer_id,
           coalesce(sum(points) FILTER (WHERE kind = 'earn'), 0) AS earned,
           coalesce(-sum(points) FILTER (WHERE kind IN ('redeem', 'refund')), 0) AS redeemed
    FROM entries GROUP BY customer_id
) s
WHERE s.customer_id = c.id;

UPDATE customers c SET purchases = s.purchases, spent_kopecks = s.spent, last_visit_at = s.last_visit
FROM (
    SELECT customer_id, count(*)::int AS purchases, sum(purchase_kopecks) AS spent, max(created_at) AS last_visit
    FROM cashier_transactions GROUP BY customer_id
) s
WHERE s.customer_id = c.id;
