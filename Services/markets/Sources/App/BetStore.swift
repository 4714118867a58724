import Bus
import Contracts
import Foundation
import ServiceKit
import Store

/// Placing and selling bets (each one transaction around the market's row lock) and reading them.
public struct BetStore: Sendable {
    let pool: ConnectionPool
    let outbox: Outbox
    let topics: BettingTopics

    public init(pool: ConnectionPool, outbox: Outbox, topics: BettingTopics) {
        self.pool = pool
        self.outbox = outbox
        self.topics = topics
    }

    /// Debits the stake and records the bet, its stats and its `bet_placed` event, or refuses:
    /// unknown market or outcome (invalid), market not open, not enough credits, a CPMM price at its
    /// limit. On a CPMM market the stake is what fills before the 99 % limit (`unfilled` in the
    /// reply is the rest, never debited).
    ///
    /// Two round trips: the market's lock with its read, then one statement that debits and, only
    /// when the debit went through, writes everything else, sent with COMMIT. A refused debit
    /// commits a transaction that wrote nothing.
    public func place(_ input: PlaceBetInput, userId: UUID, now: Date) async throws -> Bet {
        let outbox = self.outbox
        let topics = self.topics
        let placed = try await BettingStoreErrors.mapping {
            try await pool.blockingTransaction { tx -> Placement in
                guard let market = try MarketLocks.lockForTrade(tx, marketId: input.marketId) else {
                    throw BettingError.invalid("marketId", "no such market")
                }
                guard let outcome = market.outcome(named: input.outcome) else {
                    throw BettingError.invalid("outcome", "is not an outcome of this market (\(market.outcomeNames))")
                }
                guard market.isOpen(at: now) else { throw BettingError.marketClosed(marketId: Self.text(market.id), status: market.status) }
                let amount: Int
                let shares: Int64
                let priceMicros: Int
                var pools: SQL = ""
                if let cpmm = market.cpmm {
                    let trade = cpmm.buyWithinLimit(outcome: outcome.index, credits: input.amount)
                    // A fill under the minimum bet is refused like any bet under it (and `bets.amount` checks it).
                    guard trade.credits >= PlaceBetInput.minimumAmount else {
                        throw BettingError.buyAtLimit(outcome: outcome.name, fillable: trade.credits)
                    }
                    pools = "pools AS (\(MarketLocks.poolsUpdate(marketId: market.id, trade.after, when: "EXISTS (SELECT FROM moved)"))),"
                    amount = trade.credits
                    shares = trade.shares
                    priceMicros = BetMath.averagePriceMicros(credits: amount, sharesMicros: shares)
                } else {
                    amount = input.amount
                    priceMicros = BetMath.executionPrice(quotedMicros: outcome.priceMicros)
                    shares = BetMath.shares(amount: amount, priceMicros: priceMicros)
                }
                let betId = UUID.random()
                let debit = CreditLedger.debitCTEs(userId: userId, amount: amount, type: BettingLedger.bet, reference: Self.text(betId), now: now)
                let stats = StatsWriter.upserts(userId: userId, pnl: -amount, volume: amount, now: now, forEachRowOf: "moved")
                let event = BetPlaced(
                    betId: Self.text(betId),
                    userId: Self.text(userId),
                    marketId: Self.text(market.id),
                    outcome: outcome.name,
                    amount: Int32(amount),
                    shares: MicroShares.format(shares),
                    occurredAt: Timestamps.format(now)
                )
                // The last statement: COMMIT goes with it.
                let rows = try tx.queryAndCommit(
                    """
                    WITH \(debit), \(pools) stats AS (\(stats.allTime)), weekly AS (\(stats.weekly)),
                    event AS (\(outbox.insert(topic: topics.betPlaced, payload: try event.serializedBytes(), forEachRowOf: "moved")))
                    INSERT INTO bets (id, user_id, market_id, outcome, amount, shares_micros, bought_micros, price_micros, status, created_at)
                    SELECT \(betId), \(userId), \(market.id), \(outcome.name), \(amount), \(shares), \(shares), \(priceMicros), 'open', \(now)
                    FROM moved
                    RETURNING created_at
                    """
                )
                guard let row = rows.first else { return .refused(amount: amount) }
                // The row as `BetRows.bet` would read it back, from the values just written (the
                // time as stored, so that the reply shows what a later read shows).
                return .placed(
                    BetRows.placed(
                        id: betId,
                        marketId: market.id,
                        outcome: outcome.name,
                        amount: amount,
                        sharesMicros: shares,
                        priceMicros: priceMicros,
                        createdAt: try row.decode("created_at"),
                        unfilled: input.amount - amount
                    )
                )
            }
        }
        switch placed {
        case .placed(let bet): return bet
        case .refused(let amount): throw try await refusal(userId: userId, requested: amount)
        }
    }

    /// Sells `input.sharesMicros` (all when nil) of the caller's open bet at the current price, for
    /// whole credits (floored). On a CPMM market the sale stops at the 1 % limit (`sharesSold` in the
    /// reply says how many went). A sale worth under 1 credit is refused unless it is everything
    /// the bet holds: that closes the bet paying 0, so dust never keeps a position open.
    public func sell(_ input: SellInput, userId: UUID, now: Date) async throws -> SellReply {
        try await BettingStoreErrors.mapping {
            try await pool.blockingTransaction { tx in
                // The market first (a bet's market never changes), so the locks come in the usual order.
                let owner = try tx.query("SELECT market_id, user_id FROM bets WHERE id = \(input.betId)")
                guard let found = owner.first, try found.decode("user_id", as: UUID.self) == userId else {
                    throw BettingError.betNotFound(Self.text(input.betId))
                }
                guard let market = try MarketLocks.lockForTrade(tx, marketId: try found.decode("market_id")) else {
                    throw BettingError.betNotFound(Self.text(input.betId))
                }
                let rows = try tx.query("SELECT outcome, shares_micros, status FROM bets WHERE id = \(input.betId) FOR UPDATE")
                guard market.isOpen(at: now) else { throw BettingError.marketClosed(marketId: Self.text(market.id), status: market.status) }
                let status: String = try rows[0].decode("status")
                guard status == "open" else { throw BettingError.betNotOpen(betId: Self.text(input.betId), status: status) }
                let held: Int64 = try rows[0].decode("shares_micros")
                let requested = input.sharesMicros ?? held
                guard requested <= held else {
                    throw BettingError.invalid("shares", "is more than the \(MicroShares.format(held)) shares this bet holds")
                }
                guard let outcome = market.outcome(named: try rows[0].decode("outcome")) else {
                    throw StoreError(kind: .other, message: "bet \(input.betId) names an outcome its market does not have")
                }
                var selling = requested
                let proceeds: Int
                let price: Double
                if let cpmm = market.cpmm {
                    let trade = cpmm.sellWithinLimit(outcome: outcome.index, shares: requested)
                    selling = trade.shares
                    if selling < requested && (selling == 0 || trade.proceeds == 0) {
                        throw BettingError.saleAtLimit(outcome: outcome.name, sellable: selling)
                    }
                    guard trade.proceeds > 0 || selling == held else { throw Self.worthless(selling) }
                    try MarketLocks.savePools(tx, marketId: market.id, trade.after)
                    proceeds = trade.proceeds
                    price = BetMath.averagePrice(credits: proceeds, sharesMicros: selling)
                } else {
                    proceeds = BetMath.proceeds(sharesMicros: selling, priceMicros: outcome.priceMicros)
                    guard proceeds > 0 || selling == held else { throw Self.worthless(selling) }
                    price = Double(outcome.priceMicros) / Double(BetMath.micros)
                }
                guard
                    let credits = try CreditLedger.move(
                        tx,
                        userId: userId,
                        amount: proceeds,
                        type: BettingLedger.sale,
                        reference: Self.text(input.betId),
                        now: now
                    )
                else {
                    throw AccountError.userNotFound(Self.text(userId))
                }
                let stats = StatsWriter.upserts(userId: userId, pnl: proceeds, volume: 0, now: now)
                try tx.execute(
                    """
                    WITH stats AS (\(stats.allTime)), weekly AS (\(stats.weekly))
                    UPDATE bets SET shares_micros = shares_micros - \(selling), proceeds = proceeds + \(proceeds),
                                    status = CASE WHEN shares_micros = \(selling) THEN 'sold' ELSE 'open' END,
                                    settled_at = CASE WHEN shares_micros = \(selling) THEN \(now)::timestamptz END
                    WHERE id = \(input.betId)
                    """
                )
                return SellReply(
                    betId: Self.text(input.betId),
                    sharesSold: MicroShares.format(selling),
                    proceeds: Int32(proceeds),
                    credits: Int32(credits),
                    price: price
                )
            }
        }
    }

    /// The caller's bet; someone else's is "not found" too.
    public func bet(_ id: UUID, userId: UUID) async throws -> Bet {
        let rows = try await pool.query("SELECT \(BetRows.columns) FROM bets WHERE id = \(id) AND user_id = \(userId)")
        guard let row = rows.first else { throw BettingError.betNotFound(Self.text(id)) }
        return try BetRows.bet(row)
    }

    /// The caller's bets, newest first, one page.
    public func bets(userId: UUID, _ query: BetListQuery) async throws -> BetPage {
        let status: SQL = query.status.map { (status: String) -> SQL in "AND status = \(status)" } ?? ""
        let after: SQL =
            query.after.map { cursor -> SQL in
                let at: SQL = "('epoch'::timestamptz + \(cursor.createdMicros)::bigint * interval '1 microsecond')"
                return "AND (created_at < \(at) OR (created_at = \(at) AND id > \(cursor.id)))"
            } ?? ""
        let rows = try await pool.query(
            """
            SELECT \(BetRows.columns) FROM bets WHERE user_id = \(userId) \(status) \(after)
            ORDER BY created_at DESC, id LIMIT \(query.limit + 1)
            """
        )
        let page = try rows.prefix(query.limit).map(BetRows.bet)
        var next = ""
        if rows.count > query.limit {
            let last = rows[query.limit - 1]
            next = BetListQuery.cursor(createdMicros: try last.decode("created_us"), id: try last.decode("id"))
        }
        return BetPage(bets: page, nextCursor: next)
    }

    /// How placing a bet ended: placed, or refused by the debit (nothing written).
    private enum Placement: Sendable {
        case placed(Bet)
        case refused(amount: Int)
    }

    /// Why a debit failed: the user is unknown, or has too few credits (the balance as it is now).
    private func refusal(userId: UUID, requested: Int) async throws -> any Error {
        let rows = try await pool.query("SELECT credits FROM users WHERE id = \(userId)")
        guard let row = rows.first else { return AccountError.userNotFound(Self.text(userId)) }
        return BettingError.insufficientCredits(available: try row.decode("credits"), requested: requested)
    }

    private static func worthless(_ shares: Int64) -> BettingError {
        .invalid(
            "shares",
            "\(MicroShares.format(shares)) shares are worth less than 1 credit at the current price (selling everything the bet holds closes it for 0)"
        )
    }

    static func text(_ id: UUID) -> String { id.lowercasedString }
}
