import Bus
import Contracts
import Foundation
import ServiceKit

/// The catalog's reads (lists, categories, one market, live odds) and admin market creation.
struct MarketHandlers: Sendable {
    static let defaultRandom = 10
    static let maxRandom = 50

    let store: MarketStore
    let live: LiveOddsService
    let clock: any WallClock

    func register(on runtime: ServiceRuntime) {
        runtime.router.register(MarketsMethods.listMarkets) { (request: ListMarketsRequest, _) in
            try await page(
                MarketListQuery.validate(
                    category: request.category,
                    status: request.status,
                    search: request.search,
                    limit: request.limit,
                    cursor: request.cursor,
                    offset: request.offset
                )
            )
        }
        runtime.router.register(MarketsMethods.marketsByCategory) { (request: MarketsByCategoryRequest, _) in
            guard !CategoryName.slug(request.slug).isEmpty else { throw CatalogError.invalid("slug", "is not a category") }
            return try await page(
                MarketListQuery.validate(
                    category: request.slug,
                    status: "",
                    search: "",
                    limit: request.limit,
                    cursor: request.cursor,
                    offset: 0
                )
            )
        }
        runtime.router.register(MarketsMethods.randomMarkets) { (request: RandomMarketsRequest, _) in
            guard request.count == 0 || (1...Int32(Self.maxRandom)).contains(request.count) else {
                throw CatalogError.invalid("count", "must be between 1 and \(Self.maxRandom)")
            }
            let markets = try await store.random(count: request.count == 0 ? Self.defaultRandom : Int(request.count), now: clock.now())
            return MarketPage(markets: markets.map(\.contract), total: Int32(markets.count))
        }
        runtime.router.register(MarketsMethods.listCategories) { (_: ListCategoriesRequest, _) in
            CategoryList(categories: try await store.categories().map { Category(slug: $0.slug, name: $0.name, markets: Int32($0.markets)) })
        }
        runtime.router.register(MarketsMethods.getMarket) { (request: GetMarketRequest, _) in
            try await store.market(try Self.marketId(request.id), now: clock.now()).contract
        }
        runtime.router.register(MarketsMethods.liveOdds) { (request: GetMarketRequest, _) in
            let market = try await store.market(try Self.marketId(request.id), now: clock.now())
            return try await liveOdds(market)
        }
        runtime.router.register(MarketsMethods.marketFull) { (request: GetMarketRequest, context) in
            let market = try await store.market(try Self.marketId(request.id), now: clock.now())
            do {
                return MarketFull(market: market.contract, live: try await liveOdds(market))
            } catch let error as CatalogError {
                // The stored market is still worth showing when the source cannot be asked; `live` is left out.
                context.logger.notice("live odds of \(request.id) unavailable: \(error.rpcError.message)")
                return MarketFull(market: market.contract)
            }
        }
        runtime.registerIdempotent(MarketsMethods.createMarket) { (request: CreateMarketRequest, context) in
            try context.require(anyRole: "admin")
            let now = clock.now()
            let new = try NewMarket.validate(
                question: request.question,
                category: request.category,
                outcomes: request.outcomes,
                initialProbability: request.initialProbability,
                liquidity: request.liquidity,
                closeTime: request.closeTime,
                now: now
            )
            return try await store.create(new, now: now).contract
        }
    }

    private func page(_ query: MarketListQuery) async throws -> MarketPage {
        let page = try await store.list(query, now: clock.now())
        return MarketPage(markets: page.markets.map(\.contract), nextCursor: page.next?.encoded ?? "", total: Int32(page.total))
    }

    private func liveOdds(_ market: MarketRecord) async throws -> LiveOdds {
        let live = try await live.odds(for: market)
        return LiveOdds(
            marketId: market.id.lowercasedString,
            outcomes: live.odds.outcomes.map(\.contract),
            fetchedAt: Timestamps.format(live.odds.fetchedAt),
            cached: live.cached,
            source: live.source
        )
    }

    /// A market id from a request: malformed is 400, not 404.
    static func marketId(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            throw CatalogError.invalid("id", "must be a market id (UUID)")
        }
        return id
    }
}
