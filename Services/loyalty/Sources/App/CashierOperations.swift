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
    ///
    /// Two round trips: the row lock with the entry id, then the checks and every write in one
    /// statement sent with COMMIT. When a lot of the customer's has expired, that statement writes
    /// nothing, and the earn runs again in a transaction that writes the expiry first.
    public func earn(_ input: PurchaseInput, guardDuplicates: Bool, now: Date) async throws -> EarnReply {
        try await StoreErrors.mapping {
            var written = try await pool.blockingTransaction { tx in
                let (customer, entryId) = try ledger.lockForEarn(tx, card: input.card)
                let refusal = checkColumns(customerId: "\(customer.id)", input, kind: .earn, guardDuplicates: guardDuplicates, now: now)
                return try write(tx, customer, entryId: entryId, input, refusal: refusal, now: now)
            }
            if written == .lotsExpired {
                written = try await pool.blockingTransaction { tx in
                    var (customer, entryId) = try ledger.lockForEarn(tx, card: input.card)
                    let pending = try checks(tx, customer, input, kind: .earn, guardDuplicates: guardDuplicates, now: now)
                    if pending.duplicate { return .duplicate }
                    if pending.expired {
                        (customer, _) = try ledger.expire(tx, customer, now: now)
                        // The ledger lists a customer's entries in id order: the earn's comes after the expiry's.
                        entryId = try ledger.nextEntryId(tx)
                    }
                    return try write(tx, customer, entryId: entryId, input, refusal: nil, now: now)
                }
            }
            switch written {
            case .earned(let id, let after):
                return EarnReply(transactionId: id, pointsEarned: Int32(input.cashback), balance: Int32(after.balance))
            case .duplicate:
                throw LoyaltyError.duplicateTransaction(seconds: settings.duplicateWindowSeconds)
            case .lotsExpired:
                throw StoreError(kind: .other, message: "an earn found expired lots after expiring them")
            }
        }
    }

    /// The earn's one writing statement (see `LedgerWriter.earnAndRecord`), refused by `refusal`'s checks when given.
    private func write(
        _ tx: BlockingTransaction,
        _ customer: LockedCustomer,
        entryId: Int64,
        _ input: PurchaseInput,
        refusal: SQL?,
        now: Date
    ) throws -> EarnWrite {
        try ledger.earnAndRecord(
            tx,
            customer,
            entryId: entryId,
            points: input.cashback,
            storeId: input.storeId,
            purchaseKopecks: input.kopecks,
            refusal: refusal,
            now: now
        )
    }

    /// Spends `input.points` as a discount (a pending discount for the store's till) and earns
    /// cashback on the amount actually paid. Two round trips, like an earn: the row lock with the
    /// ids it will write and, in the same pipeline, the checks with the open lots; then everything
    /// else with the COMMIT.
    public func redeem(_ input: PurchaseInput, guardDuplicates: Bool, now: Date) async throws -> RedeemReply {
        try await StoreErrors.mapping {
            try await pool.blockingTransaction { tx in
                var (customer, ids, checked) = try ledger.lockForRedeem(
                    tx,
                    card: input.card,
                    then: checksAndLotsToDraw(input, guardDuplicates: guardDuplicates, now: now)
                )
                let pending = try Self.pending(checked)
                if pending.duplicate { throw LoyaltyError.duplicateTransaction(seconds: settings.duplicateWindowSeconds) }
                // Expiring touches only lots past their expiry: the open lots read above stay as they
                // are; the redemption's entries must come after the expiry's in the ledger.
                if pending.expired {
                    (customer, _) = try ledger.expire(tx, customer, now: now)
                    ids = try ledger.reserveEntryIds(tx, ids)
                }
                let draws = try LedgerWriter.draws(points: input.points, from: pending.lots, at: now)
                let earned = input.cashback
                let (id, after) = try ledger.redeemAndRecord(
                    tx,
                    customer,
                    ids: ids,
                    draws: draws,
                    points: input.points,
                    cashback: earned,
                    storeId: input.storeId,
                    purchaseKopecks: input.kopecks,
                    discountExpiresAt: now.addingTimeInterval(TimeInterval(settings.pendingDiscountExpirySeconds)),
                    now: now
                )
                return RedeemReply(
                    transactionId: id,
                    pointsRedeemed: Int32(input.points),
                    pointsEarned: Int32(earned),
                    balance: Int32(after.balance),
                    discountId: ids.discountId
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
        let rows = try tx.query("SELECT \(checkColumns(customerId: "\(customer.id)", input, kind: kind, guardDuplicates: guardDuplicates, now: now))")
        return (try rows[0].decode("duplicate"), try rows[0].decode("expired"))
    }

    /// `checks` of a redemption with the open lots it draws from, for the customer with the
    /// card: the customer's unexpired lots, oldest expiry first, as far as they are needed to cover
    /// the points (all of them when they hold too few). Sent right after the row lock, in its round
    /// trip (see `LedgerWriter.lockForRedeem`).
    ///
    /// The lots are walked one index probe at a time (`lots_open` is in this order) and the walk
    /// stops once they cover the points, so a redemption reads the lots it draws from and not every
    /// lot the customer holds: a customer collects a lot per purchase, and a running sum over all of
    /// them made each redemption slower than the one before. The customer's id goes in as a
    /// subquery, not a join, so that the walk's first step is an ordered index scan too and not a
    /// sort of every open lot.
    private func checksAndLotsToDraw(_ input: PurchaseInput, guardDuplicates: Bool, now: Date) -> SQL {
        """
        WITH RECURSIVE cu AS (SELECT id FROM customers WHERE card = \(input.card)),
        walk AS (
            (SELECT id, remaining, expires_at, remaining::bigint AS covered FROM lots
             WHERE customer_id = (SELECT id FROM cu) AND open AND expires_at > \(now)
             ORDER BY expires_at, id LIMIT 1)
            UNION ALL
            SELECT n.id, n.remaining, n.expires_at, walk.covered + n.remaining
            FROM walk CROSS JOIN LATERAL (
                SELECT id, remaining, expires_at FROM lots
                WHERE customer_id = (SELECT id FROM cu) AND open AND expires_at > \(now)
                  AND (expires_at, id) > (walk.expires_at, walk.id)
                ORDER BY expires_at, id LIMIT 1
            ) n
            WHERE walk.covered < \(input.points)
        )
        SELECT c.duplicate, c.expired, walk.id, walk.remaining, walk.expires_at
        FROM cu
        CROSS JOIN LATERAL (SELECT \(checkColumns(customerId: "cu.id", input, kind: .redeem, guardDuplicates: guardDuplicates, now: now))) c
        LEFT JOIN walk ON true
        ORDER BY walk.expires_at, walk.id
        """
    }

    /// The checks and open lots `checksAndLotsToDraw` read.
    private static func pending(_ rows: QueryResult) throws -> (duplicate: Bool, expired: Bool, lots: [OpenLot]) {
        let lots = try rows.compactMap { row -> OpenLot? in
            guard let id = try row.decodeIfPresent("id", as: Int64.self) else { return nil }
            return OpenLot(id: id, remaining: try row.decode("remaining"), expiresAt: try row.decode("expires_at"))
        }
        return (try rows[0].decode("duplicate"), try rows[0].decode("expired"), lots)
    }

    /// The `duplicate` and `expired` columns for the customer `customerId` names (a bound id, or a
    /// column of the statement they go in).
    private func checkColumns(customerId: SQL, _ input: PurchaseInput, kind: LedgerKind, guardDuplicates: Bool, now: Date) -> SQL {
        let since = now.addingTimeInterval(-TimeInterval(settings.duplicateWindowSeconds))
        return """
            \(guardDuplicates) AND EXISTS (
                SELECT 1 FROM cashier_transactions
                WHERE customer_id = \(customerId) AND store_id = \(input.storeId) AND kind = \(kind.rawValue)
                  AND purchase_kopecks = \(input.kopecks) AND created_at > \(since)) AS duplicate,
            EXISTS (SELECT 1 FROM lots WHERE customer_id = \(customerId) AND open AND expires_at <= \(now)) AS expired
            """
    }
}
