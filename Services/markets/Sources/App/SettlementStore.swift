import Contracts
import Foundation
import ServiceKit
import Store

/// Resolving a market (every bet settled in one transaction, exactly once) and undoing a
/// resolution (`SettlementStore+Unresolve`).
///
/// Money rules: a winning share pays 1 credit, a losing one 0; MKT pays each share its outcome's
/// probability; CANCEL moves, for every bet open or sold, its stake less its sale proceeds, so each
/// user gets back what they put into the market minus what they took out. Every division floors
/// (the house's favour). Where a cancel (or an unresolve) takes back more than the user holds, the
/// balance goes below zero (`CreditLedger.settle`): a debt, never credits created.
public struct SettlementStore: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: BettingTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: BettingTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    /// Resolves `marketId` to `outcome` (a name of one of its outcomes, any case), `CANCEL`, or `MKT`
    /// at `probabilityMicros`.
    public func resolve(marketId: UUID, outcome: String, probabilityMicros: Int = 0, now: Date) async throws -> ResolveReply {
        let outbox = self.outbox
        let topics = self.topics
        return try await pool.blockingTransaction { tx in
            try Self.resolve(
                tx,
                marketId: marketId,
                outcome: outcome,
                probabilityMicros: probabilityMicros,
                outbox: outbox,
                topics: topics,
                now: now
            )
        }
    }

    /// The same inside the caller's transaction.
    ///
    /// Under the market's exclusive lock (`MarketLocks`): a market already resolved the same way
    /// changes nothing (`changed` false); one resolved otherwise refuses (`alreadyResolved`, so a
    /// resolve that lost a race learns its outcome was not applied). Otherwise its bets are settled
    /// — open ones, and on CANCEL sold ones too — with the stats, the market's new status and the
    /// `market_resolved` event. Bets still being placed hold the lock shared: this waits for them
    /// to commit, and later ones find the market settled. Callers that also update the market row
    /// in their transaction should call this first, so everyone takes the market lock before the row.
    public static func resolve(
        _ tx: BlockingTransaction,
        marketId: UUID,
        outcome requested: String,
        probabilityMicros: Int = 0,
        outbox: Outbox,
        topics: BettingTopics,
        now: Date
    ) throws -> ResolveReply {
        guard let market = try MarketLocks.lockForResolution(tx, marketId: marketId) else {
            throw BettingError.marketNotFound(BetStore.text(marketId))
        }
        let resolution = try MarketResolution.parse(requested, probabilityMicros: probabilityMicros, on: market)
        if let applied = market.resolution {
            guard applied == resolution else { throw BettingError.alreadyResolved(marketId: BetStore.text(marketId), resolution: applied) }
            return ResolveReply(
                marketId: BetStore.text(marketId),
                outcome: applied.outcome,
                changed: false,
                probabilityMicros: Int32(applied.probabilityMicros ?? 0)
            )
        }
        // A cancel settles sold bets too; claw-backs after refunds, so a user's balance dips below
        // zero only when their whole net does.
        let rows = try tx.query(
            resolution.isCancel
                ? """
                SELECT id, user_id, outcome, amount, shares_micros, proceeds FROM bets
                WHERE market_id = \(marketId) AND status IN ('open', 'sold') ORDER BY user_id, amount - proceeds DESC, id FOR UPDATE
                """
                : """
                SELECT id, user_id, outcome, amount, shares_micros, proceeds FROM bets
                WHERE market_id = \(marketId) AND status = 'open' ORDER BY user_id, id FOR UPDATE
                """
        )
        var ids: [UUID] = []
        var statuses: [String] = []
        var payouts: [Int64] = []
        var pnlByUser: [UUID: Int] = [:]
        var paid = 0
        var clawedBack = 0
        for row in rows {
            let id: UUID = try row.decode("id")
            let userId: UUID = try row.decode("user_id")
            let (status, amount) = try settlement(of: row, resolution, market)
            if amount != 0 {
                let type = amount < 0 ? BettingLedger.clawback : resolution.isCancel ? BettingLedger.refund : BettingLedger.payout
                let moved =
                    amount > 0
                    ? try CreditLedger.move(tx, userId: userId, amount: amount, type: type, reference: BetStore.text(id), now: now)
                    : try CreditLedger.settle(tx, userId: userId, amount: amount, type: type, reference: BetStore.text(id), now: now)
                guard moved != nil else { throw StoreError(kind: .other, message: "user \(userId) of bet \(id) is missing") }
                pnlByUser[userId, default: 0] += amount
                if amount > 0 { paid += amount } else { clawedBack -= amount }
            }
            ids.append(id)
            statuses.append(status)
            payouts.append(Int64(amount))
        }
        if !ids.isEmpty {
            // A sold bet keeps the time it was sold.
            try tx.execute(
                """
                UPDATE bets SET status = s.status, payout = s.payout, settled_at = coalesce(bets.settled_at, \(now))
                FROM unnest(\(ids)::uuid[], \(statuses)::text[], \(payouts)::bigint[]) AS s(id, status, payout)
                WHERE bets.id = s.id
                """
            )
            try DisciplineRollup.reopen(tx, betIds: ids)
        }
        try StatsWriter.addPnl(tx, pnlByUser, now: now)
        let probability = Int32(resolution.probabilityMicros ?? 0)
        let event = MarketResolved(
            marketId: BetStore.text(marketId),
            outcome: resolution.outcome,
            betsSettled: Int32(ids.count),
            creditsPaid: Int32(clamping: paid),
            occurredAt: Timestamps.format(now),
            probabilityMicros: probability,
            creditsClawedBack: Int32(clamping: clawedBack)
        )
        try tx.execute(
            """
            WITH event AS (\(outbox.insert(topic: topics.marketResolved, payload: try event.serializedBytes())))
            UPDATE markets SET status = \(resolution.isCancel ? "cancelled" : "resolved"), resolved_outcome = \(resolution.outcome),
                               resolution_micros = \(resolution.probabilityMicros), updated_at = \(now)
            WHERE id = \(marketId)
            """
        )
        return ResolveReply(
            marketId: BetStore.text(marketId),
            outcome: resolution.outcome,
            betsSettled: Int32(ids.count),
            creditsPaid: Int32(clamping: paid),
            changed: true,
            probabilityMicros: probability,
            creditsClawedBack: Int32(clamping: clawedBack)
        )
    }

    /// One bet's end: its status and what the resolution moves for it (negative: taken back).
    private static func settlement(of row: Row, _ resolution: MarketResolution, _ market: TradableMarket) throws -> (String, Int) {
        if resolution.isCancel {
            return ("refunded", BetMath.cancelSettlement(amount: try row.decode("amount"), proceeds: try row.decode("proceeds")))
        }
        let outcome: String = try row.decode("outcome")
        let shares: Int64 = try row.decode("shares_micros")
        if resolution.isMarket {
            guard let index = market.outcome(named: outcome)?.index, let value = resolution.shareValueMicros(outcomeIndex: index) else {
                throw StoreError(kind: .other, message: "a bet names outcome \(outcome), which market \(market.id) does not have")
            }
            return ("settled", BetMath.payout(sharesMicros: shares, valueMicros: value))
        }
        guard outcome == resolution.outcome else { return ("lost", 0) }
        return ("won", BetMath.payout(sharesMicros: shares))
    }
}
