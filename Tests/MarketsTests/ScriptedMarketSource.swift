import Foundation
import Synchronization

@testable import Markets

/// An in-memory market source the test changes between ingestions; it counts the calls made to it.
final class ScriptedMarketSource: MarketSource {
    private struct State {
        var markets: [SourceMarket] = []
        /// Not in the listings, still answered by id (a market that closed beyond the listed pages).
        var unlisted: Set<String> = []
        var listings = 0
        var lookups = 0
    }

    private let state = Mutex(State())

    init(_ markets: [SourceMarket] = []) {
        state.withLock { $0.markets = markets }
    }

    var location: String { "memory://scripted" }
    var listings: Int { state.withLock { $0.listings } }
    var lookups: Int { state.withLock { $0.lookups } }

    /// Adds or replaces a market (by external id).
    func put(_ market: SourceMarket) {
        state.withLock { state in
            if let index = state.markets.firstIndex(where: { $0.externalId == market.externalId }) {
                state.markets[index] = market
            } else {
                state.markets.append(market)
            }
        }
    }

    /// The source forgets the market entirely (listings and lookups).
    func remove(_ externalId: String) {
        state.withLock { $0.markets.removeAll { $0.externalId == externalId } }
    }

    func unlist(_ externalId: String) {
        state.withLock { _ = $0.unlisted.insert(externalId) }
    }

    func markets(limit: Int, offset: Int, closed: Bool?) async throws -> SourcePage {
        state.withLock { state in
            state.listings += 1
            let listed = state.markets.filter { !state.unlisted.contains($0.externalId) && (closed == nil || $0.closed == closed) }
            let start = min(offset, listed.count)
            return SourcePage(markets: Array(listed[start..<min(start + limit, listed.count)]))
        }
    }

    func market(externalId: String) async throws -> SourceMarket? {
        state.withLock { state in
            state.lookups += 1
            return state.markets.first { $0.externalId == externalId }
        }
    }

    /// A YES/NO market open at `yes` (millionths).
    static func binary(
        _ id: String,
        yes: Int,
        closed: Bool = false,
        category: String = "Politics",
        question: String? = nil
    ) -> SourceMarket {
        SourceMarket(
            externalId: id,
            question: question ?? "Will scripted event \(id) happen?",
            slug: "scripted-\(id)",
            category: category,
            endDate: Date(timeIntervalSince1970: 1_830_000_000),
            closed: closed,
            outcomes: ["Yes", "No"],
            priceMicros: [yes, PriceMicros.one - yes],
            volume: 1000,
            liquidity: 100
        )
    }
}
