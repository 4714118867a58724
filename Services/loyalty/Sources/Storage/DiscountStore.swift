import Contracts
import Foundation
import ServiceKit
import Store

/// Pending discounts between a redemption and the till: hand-over to the agent, confirmation, expiry.
public struct DiscountStore: Sendable {
    let pool: ConnectionPool
    let ledger: LedgerWriter
    let settings: LoyaltySettings

    public init(pool: ConnectionPool, outbox: Outbox, topics: EventTopics, settings: LoyaltySettings) {
        self.pool = pool
        self.ledger = LedgerWriter(outbox: outbox, topics: topics)
        self.settings = settings
    }

    /// Hands the store's unexpired pending discounts to its agent (→ processing). Discounts handed
    /// over more than the requeue time ago without a confirmation go back to pending first, so an
    /// agent that crashed loses nothing.
    public func take(storeId: Int32, now: Date) async throws -> [PendingDiscount] {
        let stale = now.addingTimeInterval(-TimeInterval(settings.processingRequeueSeconds))
        return try await pool.blockingTransaction { tx in
            try tx.execute("""
                UPDATE pending_discounts SET status = 'pending'
                WHERE store_id = \(storeId) AND status = 'processing' AND handed_over_at <= \(stale)
                """)
            let rows = try tx.query("""
                UPDATE pending_discounts d SET status = 'processing', handed_over_at = \(now)
                FROM customers c
                WHERE d.store_id = \(storeId) AND d.status = 'pending' AND d.expires_at > \(now) AND c.id = d.customer_id
                RETURNING d.id, d.store_id, c.card, d.points, d.created_at, d.expires_at
                """)
            return try rows.map { row in
                PendingDiscount(id: try row.decode("id"), storeId: try row.decode("store_id"), card: try row.decode("card"),
                                amount: try row.decode("points"), createdAt: Timestamps.format(try row.decode("created_at")),
                                expiresAt: Timestamps.format(try row.decode("expires_at")))
            }.sorted { $0.id < $1.id }
        }
    }

    /// The store a discount belongs to (for the caller's permission check), or `discountNotFound`.
    public func storeId(of discountId: Int64) async throws -> Int32 {
        let rows = try await pool.query("SELECT store_id FROM pending_discounts WHERE id = \(discountId)")
        guard let row = rows.first else { throw LoyaltyError.discountNotFound(discountId) }
        return try row.decode("store_id")
    }

    /// `applied` is final; `failed` refunds the points into the lots they came from. Repeating the
    /// outcome a discount already has answers the same again; the other outcome is refused. Expiry
    /// goes by the clock, not by the job: a confirmation at or after `expires_at` is refused as
    /// expired, and if the job has not expired the discount yet this call does (refund included,
    /// committed before the refusal), so the points come back exactly once whoever is first.
    public func confirm(discountId: Int64, outcome: DiscountStatus, now: Date) async throws -> ConfirmDiscountReply {
        let reply: ConfirmDiscountReply? = try await pool.blockingTransaction { tx in
            let rows = try tx.query("""
                SELECT customer_id, redeem_entry_id, points, status FROM pending_discounts WHERE id = \(discountId)
                """)
            guard let row = rows.first else { throw LoyaltyError.discountNotFound(discountId) }
            // Lock order everywhere: customer first, then its discount.
            var customer = try ledger.lock(tx, customerId: try row.decode("customer_id"))
            let locked = try tx.query("SELECT status, expires_at FROM pending_discounts WHERE id = \(discountId) FOR UPDATE")
            let status = DiscountStatus(rawValue: try locked[0].decode("status")) ?? .failed
            let expiresAt: Date = try locked[0].decode("expires_at")
            let points: Int = try row.decode("points")
            if status == outcome {
                return ConfirmDiscountReply(discountId: discountId, status: status.rawValue, pointsRefunded: outcome == .failed ? Int32(points) : 0)
            }
            if status == .expired { return nil }
            guard status.isOpen else {
                throw LoyaltyError.discountFinished(id: discountId, status: status.rawValue, requested: outcome.rawValue)
            }
            if expiresAt <= now {
                // Expired by the clock before the job got to it: expire it here, as the job would.
                _ = try ledger.refund(tx, customer, redeemEntryId: try row.decode("redeem_entry_id"), discountId: discountId, now: now)
                try tx.execute("UPDATE pending_discounts SET status = 'expired', finished_at = \(now) WHERE id = \(discountId)")
                return nil
            }
            var refunded = 0
            if outcome == .failed {
                (refunded, customer) = try ledger.refund(tx, customer, redeemEntryId: try row.decode("redeem_entry_id"),
                                                               discountId: discountId, now: now)
            }
            try tx.execute("""
                UPDATE pending_discounts SET status = \(outcome.rawValue), finished_at = \(now) WHERE id = \(discountId)
                """)
            return ConfirmDiscountReply(discountId: discountId, status: outcome.rawValue, pointsRefunded: Int32(refunded))
        }
        // nil: the discount is expired (the refund is committed); the refusal comes after the commit.
        guard let reply else { throw LoyaltyError.discountExpired(id: discountId, requested: outcome.rawValue) }
        return reply
    }

    /// Ids of open discounts past their expiry (the job expires them one by one).
    public func dueForExpiry(now: Date, limit: Int) async throws -> [Int64] {
        let rows = try await pool.query("""
            SELECT id FROM pending_discounts WHERE status IN ('pending', 'processing') AND expires_at <= \(now)
            ORDER BY expires_at LIMIT \(limit)
            """)
        return try rows.map { try $0.decode("id") }
    }

    /// Expires one open discount past its expiry time and refunds its points; returns the points
    /// refunded (0 when it is not due or was confirmed or expired meanwhile).
    public func expire(discountId: Int64, now: Date) async throws -> Int {
        try await pool.blockingTransaction { tx in
            let rows = try tx.query("""
                SELECT customer_id, redeem_entry_id FROM pending_discounts
                WHERE id = \(discountId) AND status IN ('pending', 'processing') AND expires_at <= \(now)
                """)
            // Not due: no customer lock taken (every confirmation asks first).
            guard let row = rows.first else { return 0 }
            let customer = try ledger.lock(tx, customerId: try row.decode("customer_id"))
            let locked = try tx.query("""
                SELECT status FROM pending_discounts
                WHERE id = \(discountId) AND status IN ('pending', 'processing') AND expires_at <= \(now)
                FOR UPDATE
                """)
            guard !locked.isEmpty else { return 0 }
            let (points, _) = try ledger.refund(tx, customer, redeemEntryId: try row.decode("redeem_entry_id"),
                                                      discountId: discountId, now: now)
            try tx.execute("UPDATE pending_discounts SET status = 'expired', finished_at = \(now) WHERE id = \(discountId)")
            return points
        }
    }
}
