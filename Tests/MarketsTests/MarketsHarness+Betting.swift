import Bus
import Contracts
import Foundation
import Markets
import Store
import XCTest

/// Markets made by SQL (as ingestion and `CreateMarket` would make them), bets, and the money checks.
extension MarketsHarness {
    /// An ingested-style market: source `polymarket`, the source's quoted prices, no pools.
    func quotedMarket(
        _ outcomes: [(String, Int)] = [("YES", 600_000), ("NO", 400_000)],
        status: String = "open",
        closeTime: Date? = nil
    ) async throws -> String {
        let id = UUID()
        let now = clock.now()
        try await runtime.database.pool.execute(
            """
            INSERT INTO markets (id, external_id, source, question, status, close_time, created_at, updated_at)
            VALUES (\(id), \("pm-" + id.uuidString.prefix(8)), 'polymarket', 'Will it rain?', \(status), \(closeTime), \(now), \(now))
            """
        )
        for (index, outcome) in outcomes.enumerated() {
            try await runtime.database.pool.execute(
                """
                INSERT INTO market_outcomes (market_id, idx, name, price_micros) VALUES (\(id), \(Int16(index)), \(outcome.0), \(outcome.1))
                """
            )
        }
        return id.uuidString.lowercased()
    }

    /// An admin-style CPMM market: weight `p`, both pools `liquidity` shares, prices p and 1 − p.
    func cpmmMarket(p: Double = 0.5, liquidity: Int64 = 1000) async throws -> String {
        let id = UUID()
        let now = clock.now()
        let yes = Int((p * 1_000_000).rounded())
        try await runtime.database.pool.execute(
            """
            INSERT INTO markets (id, source, question, status, cpmm_p, liquidity, created_at, updated_at)
            VALUES (\(id), 'admin', 'Will the admin market resolve YES?', 'open', \(p), \(Double(liquidity)), \(now), \(now))
            """
        )
        try await runtime.database.pool.execute(
            """
            INSERT INTO market_outcomes (market_id, idx, name, price_micros, pool_micros)
            VALUES (\(id), 0, 'YES', \(yes), \(liquidity * 1_000_000)), (\(id), 1, 'NO', \(1_000_000 - yes), \(liquidity * 1_000_000))
            """
        )
        return id.uuidString.lowercased()
    }

    func bet(_ user: AuthReply, _ market: String, _ outcome: String, _ amount: Int32) async throws -> Bet {
        try await call("PlaceBet", PlaceBetRequest(marketId: market, outcome: outcome, amount: amount), as: Bet.self, principal: principal(user))
    }

    func sell(_ user: AuthReply, _ bet: Bet, shares: String = "") async throws -> SellReply {
        try await call("SellBet", SellBetRequest(betId: bet.id, shares: shares), as: SellReply.self, principal: principal(user))
    }

    func resolve(_ market: String, _ outcome: String, probabilityMicros: Int32 = 0) async throws -> ResolveReply {
        try await call(
            "ResolveMarket",
            ResolveMarketRequest(id: market, outcome: outcome, probabilityMicros: probabilityMicros),
            as: ResolveReply.self
        )
    }

    func unresolve(_ market: String) async throws -> UnresolveReply {
        try await call("UnresolveMarket", UnresolveMarketRequest(id: market), as: UnresolveReply.self)
    }

    /// Gives `user` `amount` credits through the ledger (a non-betting row, like a purchase).
    func grant(_ user: AuthReply, _ amount: Int) async throws {
        let id = UUID(uuidString: user.user!.id)!
        let now = clock.now()
        _ = try await runtime.database.pool.blockingTransaction { tx in
            try CreditLedger.move(tx, userId: id, amount: amount, type: "test_grant", reference: "", now: now)
        }
    }

    /// Sets a quoted market's price of `outcome`, as the source's odds moving would.
    func setPrice(_ market: String, _ outcome: String, _ priceMicros: Int) async throws {
        try await runtime.database.pool.execute(
            """
            UPDATE market_outcomes SET price_micros = \(priceMicros) WHERE market_id = \(UUID(uuidString: market)!) AND name = \(outcome)
            """
        )
    }

    /// Σ of every user's balance.
    func totalCredits() async throws -> Int {
        try await scalar("SELECT coalesce(sum(credits), 0)::int AS v FROM users")
    }

    func principal(_ user: AuthReply) -> Principal { Self.user(user.user!.id) }

    /// A CPMM market's pools and stored prices, in `idx` order: [YES pool, NO pool, YES price, NO price].
    func pools(_ market: String) async throws -> [Int64] {
        let rows = try await runtime.database.pool.query(
            """
            SELECT pool_micros, price_micros::bigint AS price FROM market_outcomes WHERE market_id = \(UUID(uuidString: market)!) ORDER BY idx
            """
        )
        return try rows.map { try $0.decode("pool_micros", as: Int64.self) } + rows.map { try $0.decode("price", as: Int64.self) }
    }

    func credits(_ user: AuthReply) async throws -> Int {
        try await scalar("SELECT credits AS v FROM users WHERE id = \(UUID(uuidString: user.user!.id)!)")
    }

    /// The money invariants, exact, over every user and bet:
    /// 1. each user's balance is the sum of their ledger rows, and negative only as a debt a
    ///    settlement's claw-back made;
    /// 2. each bet's ledger rows (reference = bet id) sum to −amount + proceeds + payout;
    /// 3. so, globally: Σ balances + Σ stakes − Σ proceeds − Σ payouts (refunds and claw-backs
    ///    included) = Σ ledger rows that are not betting (the signup bonuses) — no credit made or lost;
    /// 4. each user's leaderboard figures are Σ(proceeds + payout − amount) and Σ amount of their bets;
    /// 5. on a cancelled market every user's betting rows sum to zero: they got back exactly what
    ///    they put in minus what they took out.
    func assertMoneyInvariant(file: StaticString = #filePath, line: UInt = #line) async throws {
        let balanceOff = try await scalar(
            """
            SELECT count(*)::int AS v FROM users u
            WHERE u.credits <> coalesce((SELECT sum(amount) FROM credit_transactions t WHERE t.user_id = u.id), 0)
               OR (u.credits < 0 AND NOT EXISTS (SELECT 1 FROM credit_transactions t
                                                 WHERE t.user_id = u.id AND t.type IN ('clawback', 'unresolve') AND t.balance_after < 0))
            """
        )
        XCTAssertEqual(balanceOff, 0, "users whose balance is not the sum of their ledger, or in debt without a claw-back", file: file, line: line)
        let betOff = try await scalar(
            """
            SELECT count(*)::int AS v FROM bets b
            WHERE -b.amount + b.proceeds + b.payout
                  <> coalesce((SELECT sum(amount) FROM credit_transactions t WHERE t.reference = b.id::text), 0)
            """
        )
        XCTAssertEqual(betOff, 0, "bets whose ledger rows do not add up", file: file, line: line)
        let global = try await scalar(
            """
            SELECT ((SELECT coalesce(sum(credits), 0) FROM users)
                  + (SELECT coalesce(sum(amount - proceeds - payout), 0) FROM bets)
                  - (SELECT coalesce(sum(amount), 0) FROM credit_transactions
                     WHERE type NOT IN ('bet', 'sale', 'payout', 'refund', 'clawback', 'unresolve')))::int AS v
            """
        )
        XCTAssertEqual(global, 0, "credits created or destroyed", file: file, line: line)
        let statsOff = try await scalar(
            """
            SELECT count(*)::int AS v FROM (
                SELECT user_id, sum(proceeds + payout - amount) AS pnl, sum(amount) AS volume FROM bets GROUP BY user_id
            ) b FULL JOIN user_stats s USING (user_id)
            WHERE s.pnl IS DISTINCT FROM b.pnl OR s.volume IS DISTINCT FROM b.volume
            """
        )
        XCTAssertEqual(statsOff, 0, "leaderboard figures that differ from the bets", file: file, line: line)
        let cancelOff = try await scalar(
            """
            SELECT count(*)::int AS v FROM (
                SELECT b.user_id, b.market_id, sum(t.amount) AS net
                FROM bets b JOIN markets m ON m.id = b.market_id AND m.status = 'cancelled' JOIN credit_transactions t ON t.reference = b.id::text
                GROUP BY b.user_id, b.market_id
            ) n WHERE n.net <> 0
            """
        )
        XCTAssertEqual(cancelOff, 0, "users whose cancelled market did not net to zero", file: file, line: line)
    }
}
