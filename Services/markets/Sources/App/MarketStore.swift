import Bus
import Foundation
import Store

/// Reads of the catalog, admin market creation, and the small writes live odds and the default
/// resolver make.
public struct MarketStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    static let columns: SQL = """
        id, external_id, source, question, slug, category, category_slug, status, close_time, volume, liquidity, resolved_outcome, \
        resolution_micros, cpmm_p, created_at, created_at::text AS created_key, updated_at
        """

    /// The status a market shows at `now`: an open market past its close time is `closed` from that
    /// instant, whether or not a job has stored it (bets already go by the clock; reads must agree).
    static func shownStatus(at now: Date) -> SQL {
        "CASE WHEN status = 'open' AND close_time <= \(now) THEN 'closed' ELSE status END"
    }

    /// `columns` with the status as shown at `now`.
    static func shownColumns(at now: Date) -> SQL {
        """
        id, external_id, source, question, slug, category, category_slug, \(shownStatus(at: now)) AS status, close_time, volume, \
        liquidity, resolved_outcome, resolution_micros, cpmm_p, created_at, created_at::text AS created_key, updated_at
        """
    }

    /// One page of markets newest first, the cursor of the next page (nil on the last), and how
    /// many markets match the filters; statuses are as shown at `now`.
    public func list(_ query: MarketListQuery, now: Date) async throws -> (markets: [MarketRecord], next: MarketCursor?, total: Int) {
        var conditions: [SQL] = []
        if let slug = query.categorySlug { conditions.append("category_slug = \(slug)") }
        if let status = query.status { conditions.append("\(Self.shownStatus(at: now)) = \(status)") }
        if let pattern = query.searchPattern { conditions.append("question ILIKE \(pattern) ESCAPE '\\'") }
        var paged = conditions
        if let cursor = query.cursor { paged.append("(created_at, id) < (\(cursor.createdAt)::timestamptz, \(cursor.id))") }
        let rows = try await pool.query(
            """
            SELECT \(Self.shownColumns(at: now)) FROM markets \(Self.whereClause(paged))
            ORDER BY created_at DESC, id DESC LIMIT \(query.limit + 1) OFFSET \(query.offset)
            """
        )
        let totalRows = try await pool.query("SELECT count(*)::int AS total FROM markets \(Self.whereClause(conditions))")
        let markets = try await records(rows)
        var next: MarketCursor?
        if rows.count > query.limit, let last = rows.prefix(query.limit).last {
            next = MarketCursor(createdAt: try last.decode("created_key"), id: try last.decode("id"))
        }
        return (Array(markets.prefix(query.limit)), next, try totalRows[0].decode("total"))
    }

    /// Up to `count` markets open at `now`, in random order.
    public func random(count: Int, now: Date) async throws -> [MarketRecord] {
        try await records(
            pool.query(
                """
                SELECT \(Self.shownColumns(at: now)) FROM markets WHERE \(Self.shownStatus(at: now)) = 'open' ORDER BY random() LIMIT \(count)
                """
            )
        )
    }

    /// Categories with their number of markets (all statuses), biggest first.
    public func categories() async throws -> [(slug: String, name: String, markets: Int)] {
        let rows = try await pool.query(
            """
            SELECT category_slug AS slug, min(category) AS name, count(*)::int AS markets FROM markets
            GROUP BY category_slug ORDER BY markets DESC, slug
            """
        )
        return try rows.map { (try $0.decode("slug"), try $0.decode("name"), try $0.decode("markets")) }
    }

    /// One market with its status as shown at `now`.
    public func market(_ id: UUID, now: Date) async throws -> MarketRecord {
        guard let market = try await records(pool.query("SELECT \(Self.shownColumns(at: now)) FROM markets WHERE id = \(id)")).first else {
            throw CatalogError.marketNotFound(id.lowercasedString)
        }
        return market
    }

    /// Creates an admin market: both CPMM pools at `liquidity` shares, weight p, prices from the pools.
    public func create(_ new: NewMarket, now: Date) async throws -> MarketRecord {
        let id = UUID.random()
        let pools = CPMM.initialPools(liquidity: new.liquidity)
        let prices = CPMM.prices(p: new.initialProbability, yesPool: pools.yes, noPool: pools.no)
        let slug = String(CategoryName.slug(new.question).prefix(80))
        try await pool.blockingTransaction { tx in
            try tx.execute(
                """
                INSERT INTO markets (id, source, question, slug, category, category_slug, status, close_time, liquidity, cpmm_p,
                                     created_at, updated_at)
                VALUES (\(id), \(MarketRecord.admin), \(new.question), \(slug), \(new.category.name), \(new.category.slug), 'open',
                        \(new.closeTime), \(Double(new.liquidity)), \(new.initialProbability), \(now), \(now))
                """
            )
            try tx.execute(
                """
                INSERT INTO market_outcomes (market_id, idx, name, price_micros, pool_micros)
                VALUES (\(id), 0, \(NewMarket.outcomes[0]), \(prices.yes), \(pools.yes)), (\(id), 1, \(NewMarket.outcomes[1]), \(prices.no), \(pools.no))
                """
            )
        }
        return try await market(id, now: now)
    }

    /// Stores fresh source odds of an open market (matched by outcome name); true when a price changed.
    @discardableResult
    public func refreshPrices(_ id: UUID, _ outcomes: [OutcomeRecord], now: Date) async throws -> Bool {
        let rows = try await pool.query(
            """
            WITH changed AS (
                UPDATE market_outcomes o SET price_micros = v.price
                FROM unnest(\(outcomes.map(\.name))::text[], \(outcomes.map(\.priceMicros))::int[]) AS v(name, price), markets m
                WHERE o.market_id = \(id) AND m.id = o.market_id AND m.status = 'open' AND o.name = v.name AND o.price_micros <> v.price
                RETURNING o.market_id
            )
            UPDATE markets SET updated_at = \(now) WHERE id IN (SELECT market_id FROM changed) RETURNING id
            """
        )
        return !rows.isEmpty
    }

    /// Marks a market settled with `resolution` unless it is settled already (pays nothing).
    public func markResolved(_ id: UUID, _ resolution: MarketResolution, now: Date) async throws {
        try await pool.execute(
            """
            UPDATE markets SET status = \(resolution.isCancel ? "cancelled" : "resolved"), resolved_outcome = \(resolution.outcome),
                               resolution_micros = \(resolution.probabilityMicros), updated_at = \(now)
            WHERE id = \(id) AND status NOT IN ('resolved', 'cancelled')
            """
        )
    }

    private func records(_ rows: QueryResult) async throws -> [MarketRecord] {
        let ids: [UUID] = try rows.map { try $0.decode("id") }
        guard !ids.isEmpty else { return [] }
        let outcomes = try Self.outcomesByMarket(try await pool.query(Self.outcomesQuery(ids)))
        return try rows.map { try Self.record($0, outcomes: outcomes) }
    }

    static func whereClause(_ conditions: [SQL]) -> SQL {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    static func outcomesQuery(_ ids: [UUID]) -> SQL {
        "SELECT market_id, name, price_micros, pool_micros FROM market_outcomes WHERE market_id = ANY(\(ids)) ORDER BY market_id, idx"
    }

    static func outcomesByMarket(_ rows: QueryResult) throws -> [UUID: [OutcomeRecord]] {
        var outcomes: [UUID: [OutcomeRecord]] = [:]
        for row in rows {
            outcomes[try row.decode("market_id"), default: []].append(
                OutcomeRecord(
                    name: try row.decode("name"),
                    priceMicros: try row.decode("price_micros"),
                    poolMicros: try row.decodeIfPresent("pool_micros")
                )
            )
        }
        return outcomes
    }

    static func record(_ row: Row, outcomes: [UUID: [OutcomeRecord]]) throws -> MarketRecord {
        let id: UUID = try row.decode("id")
        return MarketRecord(
            id: id,
            externalId: try row.decodeIfPresent("external_id"),
            source: try row.decode("source"),
            question: try row.decode("question"),
            slug: try row.decode("slug"),
            category: try row.decode("category"),
            categorySlug: try row.decode("category_slug"),
            status: try row.decode("status"),
            closeTime: try row.decodeIfPresent("close_time"),
            volume: try row.decode("volume"),
            liquidity: try row.decode("liquidity"),
            resolvedOutcome: try row.decodeIfPresent("resolved_outcome"),
            resolutionMicros: try row.decodeIfPresent("resolution_micros"),
            cpmmP: try row.decodeIfPresent("cpmm_p"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at"),
            outcomes: outcomes[id] ?? []
        )
    }
}
