import Bus
import Foundation
import Store

/// Upserts source markets by external id, one transaction per page.
public struct MarketIngestStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Stores a page as `IngestPlan` decides, market by market, and reports what changed.
    ///
    /// Concurrent ingestions (the job and an admin, or two replicas) take turns per page on an
    /// advisory lock, so both never insert the same new market.
    public func apply(_ page: [SourceMarket], now: Date) async throws -> IngestPageResult {
        // The last copy of a market wins should a page repeat one.
        var byId: [String: SourceMarket] = [:]
        var order: [String] = []
        for market in page {
            if byId.updateValue(market, forKey: market.externalId) == nil { order.append(market.externalId) }
        }
        guard !order.isEmpty else { return IngestPageResult() }
        let (markets, externalIds) = (byId, order)
        return try await pool.blockingTransaction { tx in
            try tx.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.markets-ingest'))")
            let rows = try tx.query(
                """
                SELECT \(MarketStore.columns) FROM markets WHERE source = \(MarketRecord.polymarket) AND external_id = ANY(\(externalIds)) FOR UPDATE
                """
            )
            let ids: [UUID] = try rows.map { try $0.decode("id") }
            let outcomes = ids.isEmpty ? [:] : try MarketStore.outcomesByMarket(try tx.query(MarketStore.outcomesQuery(ids)))
            var stored: [String: MarketRecord] = [:]
            for row in rows {
                let record = try MarketStore.record(row, outcomes: outcomes)
                if let externalId = record.externalId { stored[externalId] = record }
            }
            var result = IngestPageResult()
            for externalId in externalIds {
                let market = markets[externalId]!
                let existing = stored[externalId]
                let plan = IngestPlan.decide(market, stored: existing)
                if plan.outcomesMismatch { result.mismatched.append(externalId) }
                var marketId = existing?.id ?? UUID.random()
                switch plan.action {
                case .create:
                    marketId = try Self.insert(tx, id: marketId, market, plan, now: now)
                    result.created += 1
                case .update:
                    try Self.update(tx, id: marketId, market, plan, names: existing!.outcomes.map(\.name), now: now)
                    result.updated += 1
                    if plan.closes { result.closed += 1 }
                case .none:
                    break
                }
                if let resolution = plan.resolution {
                    result.toResolve.append(.init(marketId: marketId, externalId: externalId, resolution: resolution))
                }
            }
            return result
        }
    }

    /// Our open source markets that the listings did not show this run (oldest update first).
    public func openMarketsNotIn(_ seen: [String], limit: Int) async throws -> [String] {
        guard limit > 0 else { return [] }
        let rows = try await pool.query(
            """
            SELECT external_id FROM markets
            WHERE source = \(MarketRecord.polymarket) AND status = 'open' AND NOT (external_id = ANY(\(seen)))
            ORDER BY updated_at, id LIMIT \(limit)
            """
        )
        return try rows.map { try $0.decode("external_id") }
    }

    private static func insert(_ tx: BlockingTransaction, id: UUID, _ market: SourceMarket, _ plan: IngestPlan, now: Date) throws -> UUID {
        try tx.execute(
            """
            INSERT INTO markets (id, external_id, source, question, slug, category, category_slug, status, close_time, volume, liquidity,
                                 created_at, updated_at)
            VALUES (\(id), \(market.externalId), \(MarketRecord.polymarket), \(market.question), \(market.slug), \(plan.category.name),
                    \(plan.category.slug), \(plan.status), \(market.endDate), \(market.volume), \(market.liquidity), \(now), \(now))
            """
        )
        try tx.execute(
            """
            INSERT INTO market_outcomes (market_id, idx, name, price_micros)
            SELECT \(id), ord - 1, name, price FROM unnest(\(market.outcomes)::text[], \(plan.priceMicros)::int[]) WITH ORDINALITY AS o(name, price, ord)
            """
        )
        return id
    }

    private static func update(
        _ tx: BlockingTransaction,
        id: UUID,
        _ market: SourceMarket,
        _ plan: IngestPlan,
        names: [String],
        now: Date
    ) throws {
        try tx.execute(
            """
            UPDATE markets SET question = \(market.question), slug = \(market.slug), category = \(plan.category.name),
                               category_slug = \(plan.category.slug), status = \(plan.status), close_time = \(market.endDate),
                               volume = \(market.volume), liquidity = \(market.liquidity), updated_at = \(now)
            WHERE id = \(id)
            """
        )
        if plan.pricesChanged {
            try tx.execute(
                """
                UPDATE market_outcomes o SET price_micros = v.price
                FROM unnest(\(names)::text[], \(plan.priceMicros)::int[]) AS v(name, price)
                WHERE o.market_id = \(id) AND o.name = v.name AND o.price_micros <> v.price
                """
            )
        }
    }
}
