import Contracts
import Foundation
import ServiceKit
import Store

/// Earn and redeem at a till, each one transaction around the customer's row lock.
public struct CashierOperations: Sendable {
    let pool: ConnectionPool
    let ledger: LedgerWriter
    let settings: LoyaltySettings

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics, settings: LoyaltySettings) {
        self.pool = pool
        self.ledger = LedgerWriter(outbox: outbox, topics: topics)
        self.settings = settings
    }

    /// Cashback on a purchase. `guardDuplicates` refuses the same customer + store + amount within
    /// the window (callers without an idempotency key).
    public func earn(_ input: PurchaseInput, guardDuplicates: Bool, now: Date) async throws -> EarnReply {
        try await StoreErrors.mapping {
            try await pool.blockingTransaction { tx in
                var (customer, entryId) = try ledger.lockForEarn(tx, card: input.card)
                let pending = try checks(tx, customer, input, kind: .earn, guardDuplicates: guardDuplicates, now: now)
                if pending.duplicate { throw LoyaltyError.duplicateTransaction(seconds: settings.duplicateWindowSeconds) }
                if pending.expired { (customer, _) = try ledger.expire(tx, customer, now: now) }
                let points = input.cashback
                let (id, after) = try ledger.earnAndRecord(
                    tx,
                    customer,
                    entryId: entryId,
                    points: points,
                    storeId: input.storeId,
                    purchaseKopecks: input.kopecks,
                    now: now
                )
                return EarnReply(transactionId: id, pointsEarned: Int32(points), balance: Int32(after.balance))
            }
        }
    }

    /// Spends `input.points` as a discount (a pending discount for the store's till) and earns
    /// cashback on the amount actually paid.
    public func redeem(_ input: PurchaseInput, guardDuplicates: Bool, now: Date) async throws -> RedeemReply {
        try await StoreErrors.mapping {
            try await pool.blockingTransaction { tx in
                var customer = try ledger.lock(tx, card: input.card)
                let pending = try checks(tx, customer, input, kind: .redeem, guardDuplicates: guardDuplicates, now: now)
                if pending.duplicate { throw LoyaltyError.duplicateTransaction(seconds: settings.duplicateWindowSeconds) }
                if pending.expired { (customer, _) = try ledger.expire(tx, customer, now: now) }
                let redeemed = try ledger.redeem(
                    tx,
                    customer,
                    points: input.points,
                    storeId: input.storeId,
                    purchaseKopecks: input.kopecks,
                    now: now
                )
                customer = redeemed.customer
                let discount = try pendingDiscount(tx, customer, input, redeemEntryId: redeemed.entryId, now: now)
                let earned = input.cashback
                if earned > 0 {
                    (_, customer) = try ledger.earn(
                        tx,
                        customer,
                        points: earned,
                        storeId: input.storeId,
                        purchaseKopecks: input.kopecks,
                        now: now
                    )
                }
                let event = PointsRedeemed(
                    card: customer.card,
                    storeId: input.storeId,
                    points: Int32(input.points),
                    balance: Int32(customer.balance),
                    entryId: redeemed.entryId,
                    discountId: discount,
                    occurredAt: Timestamps.format(now)
                )
                try tx.execute(ledger.outbox.insert(topic: ledger.topics.pointsRedeemed, payload: try event.serializedBytes()))
                let id = try record(tx, customer, input, kind: .redeem, earned: earned, redeemed: input.points, discountId: discount, now: now)
                return RedeemReply(
                    transactionId: id,
                    pointsRedeemed: Int32(input.points),
                    pointsEarned: Int32(earned),
                    balance: Int32(customer.balance),
                    discountId: discount
                )
            }
        }
    }

    /// After the row lock (so with a snapshot that sees every committed change of this customer):
    /// the original's double-click guard, now in the database so every replica sees it, and whether
    /// any lot has expired — one statement, as both run on every earn.
    private func checks(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        _ input: PurchaseInput,
        kind: LedgerKind,
        guardDuplicates: Bool,
        now: Date
    ) throws -> (duplicate: Bool, expired: Bool) {
        let since = now.addingTimeInterval(-TimeInterval(settings.duplicateWindowSeconds))
        let rows = try tx.query(
            """
            SELECT \(guardDuplicates) AND EXISTS (
                       SELECT 1 FROM cashier_transactions
                       WHERE customer_id = \(customer.id) AND store_id = \(input.storeId) AND kind = \(kind.rawValue)
                         AND purchase_kopecks = \(input.kopecks) AND created_at > \(since)) AS duplicate,
                   EXISTS (SELECT 1 FROM lots WHERE customer_id = \(customer.id) AND remaining > 0 AND expires_at <= \(now)) AS expired
            """
        )
        return (try rows[0].decode("duplicate"), try rows[0].decode("expired"))
    }

    private func pendingDiscount(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        _ input: PurchaseInput,
        redeemEntryId: Int64,
        now: Date
    ) throws -> Int64 {
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.pendingDiscountExpirySeconds))
        let rows = try tx.query(
            """
            INSERT INTO pending_discounts (store_id, customer_id, redeem_entry_id, points, status, created_at, expires_at)
            VALUES (\(input.storeId), \(customer.id), \(redeemEntryId), \(input.points), 'pending', \(now), \(expiresAt))
            RETURNING id
            """
        )
        let id: Int64 = try rows[0].decode("id")
        try tx.execute("UPDATE entries SET discount_id = \(id) WHERE id = \(redeemEntryId)")
        let event = DiscountPending(
            discountId: id,
            storeId: input.storeId,
            card: customer.card,
            amount: Int32(input.points),
            expiresAt: Timestamps.format(expiresAt)
        )
        try tx.execute(ledger.outbox.insert(topic: ledger.topics.discountPending, payload: try event.serializedBytes()))
        return id
    }

    private func record(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        _ input: PurchaseInput,
        kind: LedgerKind,
        earned: Int,
        redeemed: Int,
        discountId: Int64,
        now: Date
    ) throws -> Int64 {
        let rows = try tx.query(
            CashierRecord.insertWithVisit(
                customer,
                storeId: input.storeId,
                kind: kind,
                kopecks: input.kopecks,
                earned: earned,
                redeemed: redeemed,
                discountId: discountId,
                now: now
            )
        )
        return try rows[0].decode("id")
    }
}
