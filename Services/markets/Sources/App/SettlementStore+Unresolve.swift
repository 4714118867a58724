import Contracts
import Foundation
import ServiceKit
import Store

extension SettlementStore {
    /// Undoes `marketId`'s resolution (Manifold's unresolve), in one transaction under the market's
    /// exclusive lock: every credit the resolution moved for a bet is reversed by an `unresolve`
    /// ledger row (a payout or refund taken back, a claw-back given back), its bets are open again
    /// (sold when they hold no shares), the PnL they counted is taken off the leaderboards, and the
    /// market is open, or closed when its close time has passed, with a `market_unresolved` event.
    /// A market not settled refuses (`notResolved`). A payout the user has spent is taken back all
    /// the same: the balance goes below zero, a debt (the cancel claw-back's rule).
    public func unresolve(marketId: UUID, now: Date) async throws -> UnresolveReply {
        let outbox = self.outbox
        let topics = self.topics
        return try await pool.blockingTransaction { tx in
            guard let market = try MarketLocks.lockForResolution(tx, marketId: marketId) else {
                throw BettingError.marketNotFound(BetStore.text(marketId))
            }
            guard let undone = market.resolution else {
                throw BettingError.notResolved(marketId: BetStore.text(marketId), status: market.isOpen(at: now) ? "open" : "closed")
            }
            // Claw-backs given back before payouts are taken, so a balance dips below zero only
            // when the whole reversal does.
            let rows = try tx.query(
                """
                SELECT id, user_id, payout FROM bets
                WHERE market_id = \(marketId) AND status IN ('won', 'lost', 'settled', 'refunded') ORDER BY user_id, payout, id FOR UPDATE
                """
            )
            var ids: [UUID] = []
            var pnlByUser: [UUID: Int] = [:]
            var reversed = 0
            var returned = 0
            for row in rows {
                let id: UUID = try row.decode("id")
                let userId: UUID = try row.decode("user_id")
                let payout: Int = try row.decode("payout")
                ids.append(id)
                guard payout != 0 else { continue }
                guard
                    try CreditLedger.settle(
                        tx,
                        userId: userId,
                        amount: -payout,
                        type: BettingLedger.unresolve,
                        reference: BetStore.text(id),
                        now: now
                    ) != nil
                else {
                    throw StoreError(kind: .other, message: "user \(userId) of bet \(id) is missing")
                }
                pnlByUser[userId, default: 0] -= payout
                if payout > 0 { reversed += payout } else { returned -= payout }
            }
            if !ids.isEmpty {
                try tx.execute(
                    """
                    UPDATE bets SET status = CASE WHEN shares_micros > 0 THEN 'open' ELSE 'sold' END, payout = 0,
                                    settled_at = CASE WHEN shares_micros > 0 THEN NULL ELSE settled_at END
                    WHERE id = ANY(\(ids)::uuid[])
                    """
                )
                try DisciplineRollup.reopen(tx, betIds: ids)
            }
            try StatsWriter.addPnl(tx, pnlByUser, now: now)
            let reopens = market.closeTime.map { now < $0 } ?? true
            let status = reopens ? "open" : "closed"
            let event = MarketUnresolved(
                marketId: BetStore.text(marketId),
                previousOutcome: undone.outcome,
                previousProbabilityMicros: Int32(undone.probabilityMicros ?? 0),
                status: status,
                betsReopened: Int32(ids.count),
                creditsReversed: Int32(clamping: reversed),
                creditsReturned: Int32(clamping: returned),
                occurredAt: Timestamps.format(now)
            )
            try tx.execute(
                """
                WITH event AS (\(outbox.insert(topic: topics.marketUnresolved, payload: try event.serializedBytes())))
                UPDATE markets SET status = \(status), resolved_outcome = NULL, resolution_micros = NULL, updated_at = \(now)
                WHERE id = \(marketId)
                """
            )
            return UnresolveReply(
                marketId: event.marketId,
                previousOutcome: event.previousOutcome,
                previousProbabilityMicros: event.previousProbabilityMicros,
                status: status,
                betsReopened: event.betsReopened,
                creditsReversed: event.creditsReversed,
                creditsReturned: event.creditsReturned
            )
        }
    }
}
