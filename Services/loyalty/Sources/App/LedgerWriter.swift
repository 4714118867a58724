import Contracts
import Foundation
import ServiceKit
import Store

/// The ledger's primitives, each inside the caller's transaction: lock a customer, expire its
/// lots, add a lot, draw from lots, give draws back. Every one keeps
/// `customers.balance = sum(lots.remaining)` and the customer's running totals
/// (`points_earned`, `points_redeemed`), and writes its ledger entry and event.
struct LedgerWriter: Sendable {
    let outbox: Outbox
    let topics: EventTopics

    /// Locks the customer with this card and reserves the id of the ledger entry an earn will
    /// write, so the whole earn can be one statement after it (see `earnAndRecord`).
    func lockForEarn(_ tx: BlockingTransaction, card: String) throws -> (LockedCustomer, entryId: Int64) {
        let rows = try tx.query(
            """
            SELECT id, card, name, balance, nextval('entries_id_seq') AS entry_id FROM customers WHERE card = \(card) FOR UPDATE
            """
        )
        guard let row = rows.first else { throw LoyaltyError.customerNotFound(card) }
        return (try Self.customer(row), try row.decode("entry_id"))
    }

    /// A new ledger entry id, for an entry written after others under the same lock.
    func nextEntryId(_ tx: BlockingTransaction) throws -> Int64 {
        try tx.query("SELECT nextval('entries_id_seq') AS id")[0].decode("id")
    }

    /// Locks the customer with this id.
    func lock(_ tx: BlockingTransaction, customerId: Int64) throws -> LockedCustomer {
        let rows = try tx.query("SELECT id, card, name, balance FROM customers WHERE id = \(customerId) FOR UPDATE")
        guard let row = rows.first else { throw LoyaltyError.customerNotFound(String(customerId)) }
        return try Self.customer(row)
    }

    /// Zeroes what remains in the customer's expired lots and writes one `expire` entry; returns the
    /// customer with the new balance and the points expired (0 when nothing had expired).
    func expire(_ tx: BlockingTransaction, _ customer: LockedCustomer, now: Date) throws -> (LockedCustomer, expired: Int) {
        let rows = try tx.query(
            """
            WITH due AS (
                SELECT id, remaining FROM lots
                WHERE customer_id = \(customer.id) AND open AND expires_at <= \(now)
                FOR UPDATE
            ), zeroed AS (
                UPDATE lots SET remaining = 0 FROM due WHERE lots.id = due.id RETURNING due.remaining
            )
            SELECT coalesce(sum(remaining), 0)::int AS points FROM zeroed
            """
        )
        let points = try rows[0].decode("points", as: Int.self)
        guard points > 0 else { return (customer, 0) }
        var updated = customer
        updated.balance -= points
        let entryId = try entry(tx, updated, kind: .expire, points: -points, storeId: nil, purchaseKopecks: nil, discountId: nil, now: now)
        try setBalance(tx, updated)
        let event = PointsExpired(
            card: customer.card,
            points: Int32(points),
            balance: Int32(updated.balance),
            entryId: entryId,
            occurredAt: Timestamps.format(now)
        )
        try tx.execute(outbox.insert(topic: topics.pointsExpired, payload: try event.serializedBytes()))
        return (updated, points)
    }

    /// A whole earn at a till in one statement: the `earn` entry (id from `lockForEarn`), its lot,
    /// the balance and running totals, the event and the cashier record — an earn is the hot path
    /// at every till. It is the transaction's last statement and commits it (COMMIT goes in the same
    /// round trip).
    ///
    /// `refusal` (`duplicate` and `expired` columns, read after the row lock) is checked in the
    /// same statement, and when either is true nothing is written: the checks cost no round trip of
    /// their own. Without it the earn is written unconditionally (after an expiry).
    func earnAndRecord(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        entryId: Int64,
        points: Int,
        storeId: Int32,
        purchaseKopecks: Int64,
        refusal: SQL?,
        now: Date
    ) throws -> EarnWrite {
        var updated = customer
        updated.balance += points
        var writes: [SQL] = []
        if points > 0 {
            let expiresAt = ExpiryPolicy.expiresAt(earnedAt: now)
            let event = PointsEarned(
                card: customer.card,
                storeId: storeId,
                points: Int32(points),
                balance: Int32(updated.balance),
                entryId: entryId,
                occurredAt: Timestamps.format(now),
                expiresAt: Timestamps.format(expiresAt)
            )
            writes = [
                """
                entry AS (
                    INSERT INTO entries (id, customer_id, kind, points, balance_after, store_id, purchase_kopecks, created_at)
                    SELECT \(entryId), \(customer.id), 'earn', \(points), \(updated.balance), \(storeId), \(purchaseKopecks), \(now) FROM go
                )
                """,
                """
                lot AS (
                    INSERT INTO lots (customer_id, entry_id, amount, remaining, earned_at, expires_at)
                    SELECT \(customer.id), \(entryId), \(points), \(points), \(now), \(expiresAt) FROM go
                )
                """,
                "event AS (\(outbox.insert(topic: topics.pointsEarned, payload: try event.serializedBytes(), forEachRowOf: "go")))",
            ]
        }
        writes.append(
            """
            balance AS (
                -- One UPDATE of the row for balance, totals and visit: a statement cannot change a row twice.
                UPDATE customers SET balance = \(updated.balance), points_earned = points_earned + \(points),
                                     purchases = purchases + 1, spent_kopecks = spent_kopecks + \(purchaseKopecks), last_visit_at = \(now)
                WHERE id = \(customer.id) AND EXISTS (SELECT FROM go)
            )
            """
        )
        let record = CashierRecord.insert(
            customer,
            storeId: storeId,
            kind: .earn,
            kopecks: purchaseKopecks,
            earned: points,
            redeemed: 0,
            discountId: nil,
            now: now,
            forEachRowOf: "go"
        )
        writes.append("record AS (\(record))")
        let rows = try tx.queryAndCommit(
            """
            WITH checks AS MATERIALIZED (SELECT \(refusal ?? "false AS duplicate, false AS expired")),
            go AS (SELECT FROM checks WHERE NOT duplicate AND NOT expired),
            \(writes.joined())
            SELECT checks.duplicate, checks.expired, record.id FROM checks LEFT JOIN record ON true
            """
        )
        if try rows[0].decode("duplicate", as: Bool.self) { return .duplicate }
        if try rows[0].decode("expired", as: Bool.self) { return .lotsExpired }
        return .earned(transactionId: try rows[0].decode("id"), customer: updated)
    }

    /// Draws `points` from the oldest unexpired lots with a `redeem` entry recording the draws, or
    /// `insufficientBalance`. Call after `expire`, so the balance is what is available.
    func redeem(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        points: Int,
        storeId: Int32,
        purchaseKopecks: Int64?,
        discountId: Int64? = nil,
        now: Date
    ) throws -> (entryId: Int64, customer: LockedCustomer) {
        let draws = try Self.draws(points: points, from: try openLots(tx, customerId: customer.id, now: now), at: now)
        var updated = customer
        updated.balance -= points
        let entryId = try entry(
            tx,
            updated,
            kind: .redeem,
            points: -points,
            storeId: storeId,
            purchaseKopecks: purchaseKopecks,
            discountId: discountId,
            now: now
        )
        let lotIds = draws.map(\.lotId)
        let taken = draws.map(\.points)
        try tx.execute(
            """
            WITH draw AS (SELECT * FROM unnest(\(lotIds)::bigint[], \(taken)::int[]) AS d(lot_id, points)),
            used AS (UPDATE lots SET remaining = remaining - draw.points FROM draw WHERE lots.id = draw.lot_id)
            INSERT INTO lot_draws (entry_id, lot_id, points) SELECT \(entryId), lot_id, points FROM draw
            """
        )
        try tx.execute(
            """
            UPDATE customers SET balance = \(updated.balance), points_redeemed = points_redeemed + \(points) WHERE id = \(customer.id)
            """
        )
        return (entryId, updated)
    }

    /// The customer's unexpired lots that still hold points, oldest expiry first (what a
    /// redemption draws from; their sum is the available balance).
    func openLots(_ tx: BlockingTransaction, customerId: Int64, now: Date) throws -> [OpenLot] {
        let rows = try tx.query(
            """
            SELECT id, remaining, expires_at FROM lots
            WHERE customer_id = \(customerId) AND open AND expires_at > \(now)
            ORDER BY expires_at, id
            """
        )
        return try rows.map { OpenLot(id: try $0.decode("id"), remaining: try $0.decode("remaining"), expiresAt: try $0.decode("expires_at")) }
    }

    /// The draws taking `points` from `lots`, or `insufficientBalance` (Redeem's refusal, which
    /// PreviewPurchase gives too).
    static func draws(points: Int, from lots: [OpenLot], at now: Date) throws -> [LotDraw] {
        guard let draws = LotPlanner.draws(points: points, from: lots, at: now) else {
            throw LoyaltyError.insufficientBalance(available: LotPlanner.available(lots, at: now), requested: points)
        }
        return draws
    }

    /// Puts a redemption's points back into the lots it drew from, with a `refund` entry; then
    /// expires any of those lots that expired meanwhile (their points are gone either way).
    func refund(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        redeemEntryId: Int64,
        discountId: Int64,
        now: Date
    ) throws -> (points: Int, customer: LockedCustomer) {
        let rows = try tx.query(
            """
            WITH back AS (
                UPDATE lots SET remaining = lots.remaining + d.points FROM lot_draws d
                WHERE d.entry_id = \(redeemEntryId) AND lots.id = d.lot_id
                RETURNING d.points
            )
            SELECT coalesce(sum(points), 0)::int AS points FROM back
            """
        )
        let points = try rows[0].decode("points", as: Int.self)
        guard points > 0 else { return (0, customer) }
        var updated = customer
        updated.balance += points
        _ = try entry(tx, updated, kind: .refund, points: points, storeId: nil, purchaseKopecks: nil, discountId: discountId, now: now)
        try tx.execute(
            """
            UPDATE customers SET balance = \(updated.balance), points_redeemed = points_redeemed - \(points) WHERE id = \(customer.id)
            """
        )
        let (afterExpiry, _) = try expire(tx, updated, now: now)
        return (points, afterExpiry)
    }

    private func entry(
        _ tx: BlockingTransaction,
        _ after: LockedCustomer,
        kind: LedgerKind,
        points: Int,
        storeId: Int32?,
        purchaseKopecks: Int64?,
        discountId: Int64?,
        now: Date
    ) throws -> Int64 {
        let rows = try tx.query(
            """
            INSERT INTO entries (customer_id, kind, points, balance_after, store_id, purchase_kopecks, discount_id, created_at)
            VALUES (\(after.id), \(kind.rawValue), \(points), \(after.balance), \(storeId), \(purchaseKopecks), \(discountId), \(now))
            RETURNING id
            """
        )
        return try rows[0].decode("id")
    }

    private func setBalance(_ tx: BlockingTransaction, _ customer: LockedCustomer) throws {
        try tx.execute("UPDATE customers SET balance = \(customer.balance) WHERE id = \(customer.id)")
    }

    static func customer(_ row: Row) throws -> LockedCustomer {
        LockedCustomer(id: try row.decode("id"), card: try row.decode("card"), name: try row.decode("name"), balance: try row.decode("balance"))
    }
}
