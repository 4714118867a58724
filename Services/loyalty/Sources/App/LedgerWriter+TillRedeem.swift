import Contracts
import Foundation
import ServiceKit
import Store

/// The ids a redemption at a till writes, reserved with the customer's row lock so that the whole
/// redemption is one statement after it (see `redeemAndRecord`).
struct RedeemIds: Sendable, Equatable {
    /// The `redeem` entry.
    var redeemEntryId: Int64
    /// The `earn` entry of the cashback (unused when the paid amount earns nothing).
    var earnEntryId: Int64
    /// The pending discount handed to the till.
    var discountId: Int64
}

extension LedgerWriter {
    /// Locks the customer with this card and reserves the ids a redemption writes, or
    /// `customerNotFound`; `then` runs right after the lock, in the same round trip, and its rows
    /// come back with it.
    ///
    /// `then` runs with a snapshot taken after the row lock was granted (in READ COMMITTED each
    /// statement takes its own), so it sees every committed change of this customer, as a
    /// statement sent after the lock's reply would.
    ///
    /// The transaction runs with generic plans from here on: Postgres planned the redemption's
    /// writing statement (an `unnest` of the draws and a dozen CTEs) at every run, for the same
    /// plan, which was ~0.43 ms of its ~1.5 ms of CPU per redemption.
    func lockForRedeem(_ tx: BlockingTransaction, card: String, then next: SQL) throws -> (LockedCustomer, RedeemIds, QueryResult) {
        let results = try tx.queryAll([
            SQL.genericPlans,
            """
            SELECT id, card, name, balance, nextval('entries_id_seq') AS redeem_entry_id,
                   nextval('entries_id_seq') AS earn_entry_id, nextval('pending_discounts_id_seq') AS discount_id
            FROM customers WHERE card = \(card) FOR UPDATE
            """,
            next,
        ])
        guard let row = results[1].first else { throw LoyaltyError.customerNotFound(card) }
        let ids = RedeemIds(
            redeemEntryId: try row.decode("redeem_entry_id"),
            earnEntryId: try row.decode("earn_entry_id"),
            discountId: try row.decode("discount_id")
        )
        return (try Self.customer(row), ids, results[2])
    }

    /// `ids` with entry ids reserved again, for after entries were written under the lock (an
    /// expiry): the ledger lists a customer's entries in id order.
    func reserveEntryIds(_ tx: BlockingTransaction, _ ids: RedeemIds) throws -> RedeemIds {
        let rows = try tx.query("SELECT nextval('entries_id_seq') AS redeem_entry_id, nextval('entries_id_seq') AS earn_entry_id")
        var reserved = ids
        reserved.redeemEntryId = try rows[0].decode("redeem_entry_id")
        reserved.earnEntryId = try rows[0].decode("earn_entry_id")
        return reserved
    }

    /// A whole redemption at a till in one statement, the transaction's last (COMMIT goes in the
    /// same round trip): the `redeem` entry and its draws from the lots, the pending discount for
    /// the till, the cashback's `earn` entry and lot, the balance, running totals and visit in one
    /// UPDATE of the customer, the events and the cashier record. Call after `expire`, with draws
    /// planned from the customer's open lots under its row lock.
    ///
    /// The events go in one INSERT, in the order a consumer expects them: the discount, the
    /// cashback, the redemption (the CTEs of a statement run in no guaranteed order). Returns the
    /// cashier record's id and the customer after it.
    func redeemAndRecord(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        ids: RedeemIds,
        draws: [LotDraw],
        points: Int,
        cashback: Int,
        storeId: Int32,
        purchaseKopecks: Int64,
        discountExpiresAt: Date,
        now: Date
    ) throws -> (transactionId: Int64, customer: LockedCustomer) {
        let afterRedeem = customer.balance - points
        let after = afterRedeem + cashback
        var updated = customer
        updated.balance = after
        var events: [(topic: String, payload: [UInt8])] = [
            (
                topics.discountPending,
                try DiscountPending(
                    discountId: ids.discountId,
                    storeId: storeId,
                    card: customer.card,
                    amount: Int32(points),
                    expiresAt: Timestamps.format(discountExpiresAt)
                ).serializedBytes()
            )
        ]
        var cashbackParts: [SQL] = []
        if cashback > 0 {
            let expiresAt = ExpiryPolicy.expiresAt(earnedAt: now)
            cashbackParts = [
                """
                earn_entry AS (
                    INSERT INTO entries (id, customer_id, kind, points, balance_after, store_id, purchase_kopecks, created_at)
                    VALUES (\(ids.earnEntryId), \(customer.id), 'earn', \(cashback), \(after), \(storeId), \(purchaseKopecks), \(now))
                ), earn_lot AS (
                    INSERT INTO lots (customer_id, entry_id, amount, remaining, earned_at, expires_at)
                    VALUES (\(customer.id), \(ids.earnEntryId), \(cashback), \(cashback), \(now), \(expiresAt))
                ),
                """
            ]
            events.append(
                (
                    topics.pointsEarned,
                    try PointsEarned(
                        card: customer.card,
                        storeId: storeId,
                        points: Int32(cashback),
                        balance: Int32(after),
                        entryId: ids.earnEntryId,
                        occurredAt: Timestamps.format(now),
                        expiresAt: Timestamps.format(expiresAt)
                    ).serializedBytes()
                )
            )
        }
        events.append(
            (
                topics.pointsRedeemed,
                try PointsRedeemed(
                    card: customer.card,
                    storeId: storeId,
                    points: Int32(points),
                    balance: Int32(after),
                    entryId: ids.redeemEntryId,
                    discountId: ids.discountId,
                    occurredAt: Timestamps.format(now)
                ).serializedBytes()
            )
        )
        let lotIds = draws.map(\.lotId)
        let taken = draws.map(\.points)
        let rows = try tx.queryAndCommit(
            """
            WITH draw AS (
                SELECT * FROM unnest(\(lotIds)::bigint[], \(taken)::int[]) AS d(lot_id, points)
            ), redeem_entry AS (
                INSERT INTO entries (id, customer_id, kind, points, balance_after, store_id, purchase_kopecks, discount_id, created_at)
                VALUES (\(ids.redeemEntryId), \(customer.id), 'redeem', \(-points), \(afterRedeem), \(storeId), \(purchaseKopecks),
                        \(ids.discountId), \(now))
            ), used AS (
                UPDATE lots SET remaining = remaining - draw.points FROM draw WHERE lots.id = draw.lot_id
            ), drawn AS (
                INSERT INTO lot_draws (entry_id, lot_id, points) SELECT \(ids.redeemEntryId), lot_id, points FROM draw
            ), discount AS (
                INSERT INTO pending_discounts (id, store_id, customer_id, redeem_entry_id, points, status, created_at, expires_at)
                VALUES (\(ids.discountId), \(storeId), \(customer.id), \(ids.redeemEntryId), \(points), 'pending', \(now), \(discountExpiresAt))
            ), \(cashbackParts.joined(separator: "")) balance AS (
                -- One UPDATE of the row for balance, totals and visit: a statement cannot change a row twice.
                UPDATE customers SET balance = \(after), points_redeemed = points_redeemed + \(points),
                                     points_earned = points_earned + \(cashback), purchases = purchases + 1,
                                     spent_kopecks = spent_kopecks + \(purchaseKopecks), last_visit_at = \(now)
                WHERE id = \(customer.id)
            ), event AS (
                \(outbox.insert(events: events))
            )
            \(CashierRecord.insert(customer, storeId: storeId, kind: .redeem, kopecks: purchaseKopecks, earned: cashback, redeemed: points,
                                   discountId: ids.discountId, now: now))
            """
        )
        return (try rows[0].decode("id"), updated)
    }
}
