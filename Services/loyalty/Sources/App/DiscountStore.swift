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

    /// Hands the store's unexpired pending discounts to its agent (→ processing), each with its
    /// `loyalty.discount_processing` event in the same transaction. Discounts handed over more than
    /// the requeue time ago without a confirmation go back to pending first, so an agent that
    /// crashed loses nothing.
    public func take(storeId: Int32, now: Date) async throws -> [PendingDiscount] {
        let stale = now.addingTimeInterval(-TimeInterval(settings.processingRequeueSeconds))
        return try await pool.blockingTransaction { tx in
            try tx.execute(
                """
                UPDATE pending_discounts SET status = 'pending'
                WHERE store_id = \(storeId) AND status = 'processing' AND handed_over_at <= \(stale)
                """
            )
            let rows = try tx.query(
                """
                UPDATE pending_discounts d SET status = 'processing', handed_over_at = \(now)
                FROM customers c
                WHERE d.store_id = \(storeId) AND d.status = 'pending' AND d.expires_at > \(now) AND c.id = d.customer_id
                RETURNING d.id, d.store_id, c.card, d.points, d.status, d.created_at, d.expires_at
                """
            )
            let taken = try rows.map(Self.discount).sorted { $0.id < $1.id }
            for discount in taken {
                let event = DiscountProcessing(
                    discountId: discount.id,
                    storeId: discount.storeId,
                    card: discount.card,
                    amount: discount.amount,
                    expiresAt: discount.expiresAt,
                    occurredAt: Timestamps.format(now)
                )
                try tx.execute(ledger.outbox.insert(topic: ledger.topics.discountProcessing, payload: try event.serializedBytes()))
            }
            return taken
        }
    }

    /// One discount of the store with its outcome, or `discountNotFound` (also for another store's:
    /// a store learns nothing of other stores' discounts). An open discount past its expiry time is
    /// expired by the clock (the job or the next confirmation refunds it), settled at its expiry time.
    public func state(storeId: Int32, discountId: Int64, now: Date) async throws -> DiscountState {
        let rows = try await pool.query(
            """
            SELECT d.id, d.store_id, c.card, d.points, d.status, d.created_at, d.expires_at, d.finished_at, d.late
            FROM pending_discounts d JOIN customers c ON c.id = d.customer_id
            WHERE d.id = \(discountId) AND d.store_id = \(storeId)
            """
        )
        guard let row = rows.first else { throw LoyaltyError.discountNotFound(discountId) }
        let expiresAt: Date = try row.decode("expires_at")
        var status = DiscountStatus(rawValue: try row.decode("status")) ?? .failed
        var settledAt: Date? = try row.decodeIfPresent("finished_at")
        if status.isOpen && expiresAt <= now {
            status = .expired
            settledAt = expiresAt
        }
        return DiscountState(
            id: try row.decode("id"),
            storeId: try row.decode("store_id"),
            card: try row.decode("card"),
            amount: try row.decode("points"),
            status: status.rawValue,
            createdAt: Timestamps.format(try row.decode("created_at")),
            expiresAt: Timestamps.format(expiresAt),
            settledAt: settledAt.map(Timestamps.format) ?? "",
            late: try row.decode("late")
        )
    }

    /// The store's open discounts (pending or handed to the agent, before their expiry time), oldest
    /// first. Changes nothing: what a cashier's screen or a dashboard may poll.
    public func open(storeId: Int32, now: Date) async throws -> [PendingDiscount] {
        let rows = try await pool.query(
            """
            SELECT d.id, d.store_id, c.card, d.points, d.status, d.created_at, d.expires_at
            FROM pending_discounts d JOIN customers c ON c.id = d.customer_id
            WHERE d.store_id = \(storeId) AND d.status IN ('pending', 'processing') AND d.expires_at > \(now)
            ORDER BY d.id
            """
        )
        return try rows.map(Self.discount)
    }

    private static func discount(_ row: Row) throws -> PendingDiscount {
        PendingDiscount(
            id: try row.decode("id"),
            storeId: try row.decode("store_id"),
            card: try row.decode("card"),
            amount: try row.decode("points"),
            createdAt: Timestamps.format(try row.decode("created_at")),
            expiresAt: Timestamps.format(try row.decode("expires_at")),
            status: try row.decode("status")
        )
    }

    /// The store a discount belongs to (for the caller's permission check), or `discountNotFound`.
    public func storeId(of discountId: Int64) async throws -> Int32 {
        let rows = try await pool.query("SELECT store_id FROM pending_discounts WHERE id = \(discountId)")
        guard let row = rows.first else { throw LoyaltyError.discountNotFound(discountId) }
        return try row.decode("store_id")
    }

    /// A discount is a two-phase transfer. The redemption held its points (drawn from the lots);
    /// `applied` posts the hold, which is final; `failed` voids it (the points go back into the
    /// lots they came from), and so does the expiry, by the clock: a confirmation at or after
    /// `expires_at` finds the discount void (voided here, refund included, when the job has not
    /// got to it yet). Repeating the outcome a discount already has answers the same again.
    /// `failed` for a voided discount is refused as expired (committed before the refusal, so the
    /// points come back exactly once whoever is first); `applied` for it is posted late
    /// (`postLate`): the till gave the discount, so its points are spent once after all. Any other
    /// change of outcome is refused. `postedLate`: this call posted it late (a repeat answers the
    /// same reply without it).
    public func confirm(discountId: Int64, outcome: DiscountStatus, now: Date) async throws -> (reply: ConfirmDiscountReply, postedLate: Bool) {
        let answer: (reply: ConfirmDiscountReply, postedLate: Bool)? = try await pool.blockingTransaction { tx in
            let rows = try tx.query("SELECT customer_id FROM pending_discounts WHERE id = \(discountId)")
            guard let row = rows.first else { throw LoyaltyError.discountNotFound(discountId) }
            // Lock order everywhere: customer first, then its discount.
            var customer = try ledger.lock(tx, customerId: try row.decode("customer_id"))
            let discount = try LockedDiscount.lock(tx, id: discountId)
            if discount.status == outcome { return (discount.reply, false) }
            var status = discount.status
            if status.isOpen && discount.expiresAt <= now {
                // Expired by the clock before the job got to it: void it here, as the job would.
                (_, customer) = try void(tx, customer, discount, as: .expired, now: now)
                status = .expired
            }
            switch (status, outcome) {
            case (.expired, .applied):
                return (try postLate(tx, customer, discount, now: now), true)
            case (.expired, _):
                return nil
            case (_, _) where !status.isOpen:
                throw LoyaltyError.discountFinished(id: discountId, status: status.rawValue, requested: outcome.rawValue)
            case (_, .failed):
                let (refunded, _) = try void(tx, customer, discount, as: .failed, now: now)
                return (ConfirmDiscountReply(discountId: discountId, status: DiscountStatus.failed.rawValue, pointsRefunded: Int32(refunded)), false)
            default:
                try tx.execute(
                    """
                    UPDATE pending_discounts SET status = 'applied', finished_at = \(now) WHERE id = \(discountId)
                    """
                )
                try settled(tx, discount, card: customer.card, topic: ledger.topics.discountApplied, refunded: 0, now: now)
                return (ConfirmDiscountReply(discountId: discountId, status: DiscountStatus.applied.rawValue), false)
            }
        }
        // nil: the discount is expired (the refund is committed); the refusal comes after the commit.
        guard let answer else { throw LoyaltyError.discountExpired(id: discountId, requested: outcome.rawValue) }
        return answer
    }

    /// Voids an open discount (`failed` or `expired`): its points go back into the lots they were
    /// drawn from. Returns the points refunded and the customer after it.
    private func void(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        _ discount: LockedDiscount,
        as status: DiscountStatus,
        now: Date
    ) throws -> (points: Int, customer: LockedCustomer) {
        let refunded = try ledger.refund(tx, customer, redeemEntryId: discount.redeemEntryId, discountId: discount.id, now: now)
        try tx.execute(
            """
            UPDATE pending_discounts SET status = \(status.rawValue), finished_at = \(now) WHERE id = \(discount.id)
            """
        )
        let topic = status == .failed ? ledger.topics.discountFailed : ledger.topics.discountExpired
        try settled(tx, discount, card: customer.card, topic: topic, refunded: refunded.points, now: now)
        return refunded
    }

    /// The `discount_applied` / `_failed` / `_expired` event of `discount`, in the transaction that settles it.
    func settled(
        _ tx: BlockingTransaction,
        _ discount: LockedDiscount,
        card: String,
        topic: String,
        refunded: Int,
        late: Bool = false,
        now: Date
    ) throws {
        let event = DiscountSettled(
            discountId: discount.id,
            storeId: discount.storeId,
            card: card,
            points: Int32(clamping: discount.points),
            pointsRefunded: Int32(clamping: refunded),
            late: late,
            occurredAt: Timestamps.format(now)
        )
        try tx.execute(ledger.outbox.insert(topic: topic, payload: try event.serializedBytes()))
    }

    /// Ids of open discounts past their expiry (the job expires them one by one).
    public func dueForExpiry(now: Date, limit: Int) async throws -> [Int64] {
        let rows = try await pool.query(
            """
            SELECT id FROM pending_discounts WHERE status IN ('pending', 'processing') AND expires_at <= \(now)
            ORDER BY expires_at LIMIT \(limit)
            """
        )
        return try rows.map { try $0.decode("id") }
    }

    /// Expires one open discount past its expiry time and refunds its points; returns the points
    /// refunded (0 when it is not due or was confirmed or expired meanwhile).
    public func expire(discountId: Int64, now: Date) async throws -> Int {
        try await pool.blockingTransaction { tx in
            let rows = try tx.query(
                """
                SELECT customer_id FROM pending_discounts
                WHERE id = \(discountId) AND status IN ('pending', 'processing') AND expires_at <= \(now)
                """
            )
            // Not due: no customer lock taken (every confirmation asks first).
            guard let row = rows.first else { return 0 }
            let customer = try ledger.lock(tx, customerId: try row.decode("customer_id"))
            let discount = try LockedDiscount.lock(tx, id: discountId)
            guard discount.status.isOpen, discount.expiresAt <= now else { return 0 }
            return try void(tx, customer, discount, as: .expired, now: now).points
        }
    }
}
