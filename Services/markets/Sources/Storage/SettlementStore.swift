import Contracts
import Foundation
import ServiceKit
import Store

/// Resolving a market: every open bet settled in one transaction, exactly once.
public struct SettlementStore: Sendable {
    /// The outcome that cancels a market and refunds its open bets.
    public static let cancel = "CANCEL"

    let pool: ConnectionPool
    let outbox: Outbox
    let topics: BettingTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: BettingTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    /// Resolves `marketId` to `outcome` (a name of one of its outcomes, any case) or `CANCEL`.
    public func resolve(marketId: UUID, outcome: String, now: Date) async throws -> ResolveReply {
        let outbox = self.outbox, topics = self.topics
        return try await pool.blockingTransaction { tx in
            try Self.resolve(tx, marketId: marketId, outcome: outcome, outbox: outbox, topics: topics, now: now)
        }
    }

    /// The same inside the caller's transaction (ingestion settles markets the source resolved).
    ///
    /// Under the market's exclusive lock (`MarketLocks`): a market already resolved or cancelled
    /// changes nothing (`changed` false). Otherwise every open bet is settled — winners get one
    /// credit per whole share (`payout`), losers nothing (`lost`), on CANCEL each gets back its
    /// stake not already recovered by sells (`refund`, also shown as the bet's `payout`) — with the
    /// stats, the market's new status and the `market_resolved` event. Bets still being placed hold
    /// the lock shared: this waits for them to commit, and later ones find the market settled.
    /// Callers that also update the market row in their transaction should call this first, so
    /// everyone takes the market lock before the row.
    public static func resolve(_ tx: BlockingTransaction, marketId: UUID, outcome requested: String, outbox: Outbox, topics: BettingTopics,
                               now: Date) throws -> ResolveReply {
        guard let market = try MarketLocks.lockForResolution(tx, marketId: marketId) else {
            throw BettingError.marketNotFound(BetStore.text(marketId))
        }
        let trimmed = requested.trimmingCharacters(in: .whitespaces)
        let cancelled = trimmed.caseInsensitiveCompare(cancel) == .orderedSame
        guard let winner = cancelled ? cancel : market.outcome(named: trimmed)?.name else {
            throw BettingError.invalid("outcome", "must be an outcome of this market (\(market.outcomeNames)) or \(cancel)")
        }
        guard !market.isSettled else {
            return ResolveReply(marketId: BetStore.text(marketId), outcome: market.resolvedOutcome ?? "", changed: false)
        }
        let rows = try tx.query("""
            SELECT id, user_id, outcome, amount, shares_micros, proceeds FROM bets
            WHERE market_id = \(marketId) AND status = 'open' ORDER BY user_id, id FOR UPDATE
            """)
        var ids: [UUID] = [], statuses: [String] = [], payouts: [Int64] = []
        var pnlByUser: [UUID: Int] = [:]
        var paid = 0
        for row in rows {
            let id: UUID = try row.decode("id")
            let userId: UUID = try row.decode("user_id")
            let (status, payout, type) = try settlement(of: row, winner: winner, cancelled: cancelled)
            if payout > 0 {
                guard try CreditLedger.move(tx, userId: userId, amount: payout, type: type, reference: BetStore.text(id), now: now) != nil else {
                    throw StoreError(kind: .other, message: "user \(userId) of bet \(id) is missing")
                }
                pnlByUser[userId, default: 0] += payout
                paid += payout
            }
            ids.append(id)
            statuses.append(status)
            payouts.append(Int64(payout))
        }
        if !ids.isEmpty {
            try tx.execute("""
                UPDATE bets SET status = s.status, payout = s.payout, settled_at = \(now)
                FROM unnest(\(ids)::uuid[], \(statuses)::text[], \(payouts)::bigint[]) AS s(id, status, payout)
                WHERE bets.id = s.id
                """)
        }
        try StatsWriter.addPnl(tx, pnlByUser, now: now)
        let event = MarketResolved(marketId: BetStore.text(marketId), outcome: winner, betsSettled: Int32(ids.count), creditsPaid: Int32(paid),
                                   occurredAt: Timestamps.format(now))
        try tx.execute("""
            WITH event AS (\(outbox.insert(topic: topics.marketResolved, payload: try event.serializedBytes())))
            UPDATE markets SET status = \(cancelled ? "cancelled" : "resolved"), resolved_outcome = \(winner), updated_at = \(now)
            WHERE id = \(marketId)
            """)
        return ResolveReply(marketId: BetStore.text(marketId), outcome: winner, betsSettled: Int32(ids.count), creditsPaid: Int32(paid),
                            changed: true)
    }

    /// One open bet's end: its status, what it pays and the ledger type of the payment.
    private static func settlement(of row: Row, winner: String, cancelled: Bool) throws -> (String, Int, String) {
        if cancelled {
            return ("refunded", BetMath.refund(amount: try row.decode("amount"), proceeds: try row.decode("proceeds")), BettingLedger.refund)
        }
        guard try row.decode("outcome", as: String.self) == winner else { return ("lost", 0, BettingLedger.payout) }
        return ("won", BetMath.payout(sharesMicros: try row.decode("shares_micros")), BettingLedger.payout)
    }
}
