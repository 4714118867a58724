import Foundation
import Store

/// Locks on markets, always taken first (market → bets → users → stats), so trades and
/// resolutions never wait for each other in a cycle.
///
/// The lock is a transaction-scoped advisory lock keyed by the market id, not a row lock, because
/// Postgres queues advisory locks fairly: a trade on a quoted market takes it shared (many trade
/// at once), a resolution exclusive — it waits for the trades holding it to commit, and trades
/// arriving after it wait for it and then see the market settled. (Row locks are not fair: new
/// FOR SHARE lockers overtake a waiting FOR UPDATE, so a resolution could wait as long as bets kept
/// coming.) A trade on a CPMM market moves the pools, so it takes the lock exclusive too. Every
/// read after the lock is a new statement, so it sees everything committed before the lock was granted.
enum MarketLocks {
    /// The market and its outcomes, locked for a trade; nil when there is no such market.
    ///
    /// The lock and the read go in one round trip: Postgres runs them in order, and the read, a
    /// statement of its own, takes its snapshot once the lock is granted.
    static func lockForTrade(_ tx: BlockingTransaction, marketId: UUID) throws -> TradableMarket? {
        // The source never changes: it decides the lock mode in the same statement.
        let results = try tx.queryAll([
            """
            SELECT CASE WHEN source = 'admin' THEN pg_advisory_xact_lock(\(key(marketId)))
                        ELSE pg_advisory_xact_lock_shared(\(key(marketId))) END AS locked
            FROM markets WHERE id = \(marketId)
            """,
            select(marketId),
        ])
        guard !results[0].isEmpty else { return nil }
        return try market(marketId, results[1])
    }

    /// The market locked exclusive for a resolution: every trade holding the lock has committed.
    static func lockForResolution(_ tx: BlockingTransaction, marketId: UUID) throws -> TradableMarket? {
        try tx.execute("SELECT pg_advisory_xact_lock(\(key(marketId)))")
        return try read(tx, marketId: marketId)
    }

    /// The advisory lock key of a market: 64 bits of a hash of its id (a collision only makes two
    /// markets share a lock).
    private static func key(_ marketId: UUID) -> SQL {
        "hashtextextended('markets.market:' || \(marketId)::text, 0)"
    }

    /// Stores a CPMM market's pools and the prices they imply after a trade (under the market's lock).
    static func savePools(_ tx: BlockingTransaction, marketId: UUID, _ cpmm: ManifoldCPMM) throws {
        try tx.execute(poolsUpdate(marketId: marketId, cpmm, when: "true"))
    }

    /// The UPDATE of a CPMM market's pools and prices, as a statement or a data-modifying CTE's
    /// body; it changes them only when `condition` holds (a trade that writes nothing else
    /// leaves the pools as they were).
    static func poolsUpdate(marketId: UUID, _ cpmm: ManifoldCPMM, when condition: SQL) -> SQL {
        let (first, second) = cpmm.priceMicros
        return """
            UPDATE market_outcomes o SET pool_micros = v.pool, price_micros = v.price
            FROM (VALUES (0, \(cpmm.yes)::bigint, \(first)::int), (1, \(cpmm.no)::bigint, \(second)::int)) AS v(idx, pool, price)
            WHERE o.market_id = \(marketId) AND o.idx = v.idx AND \(condition)
            """
    }

    private static func read(_ tx: BlockingTransaction, marketId: UUID) throws -> TradableMarket? {
        try market(marketId, try tx.query(select(marketId)))
    }

    private static func select(_ marketId: UUID) -> SQL {
        """
        SELECT m.source, m.status, m.close_time, m.cpmm_p, m.resolved_outcome, m.resolution_micros, o.idx, o.name, o.price_micros, o.pool_micros
        FROM markets m JOIN market_outcomes o ON o.market_id = m.id
        WHERE m.id = \(marketId) ORDER BY o.idx
        """
    }

    private static func market(_ marketId: UUID, _ rows: QueryResult) throws -> TradableMarket? {
        guard let first = rows.first else { return nil }
        return TradableMarket(
            id: marketId,
            source: try first.decode("source"),
            status: try first.decode("status"),
            closeTime: try first.decodeIfPresent("close_time"),
            cpmmP: try first.decodeIfPresent("cpmm_p"),
            resolvedOutcome: try first.decodeIfPresent("resolved_outcome"),
            resolutionMicros: try first.decodeIfPresent("resolution_micros"),
            outcomes: try rows.map(outcome)
        )
    }

    private static func outcome(_ row: Row) throws -> TradableOutcome {
        TradableOutcome(
            index: Int(try row.decode("idx", as: Int16.self)),
            name: try row.decode("name"),
            priceMicros: try row.decode("price_micros"),
            poolMicros: try row.decodeIfPresent("pool_micros")
        )
    }
}
