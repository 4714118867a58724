import Foundation
import ServiceKit

/// Current odds of a market. Source markets: from the source by external id, through the guards,
/// kept `OddsCache.ttl` seconds; a fetch also stores the fresh prices on the open market, so bets
/// execute at what readers see. Admin markets: their own CPMM price (never cached: it is local).
public struct LiveOddsService: Sendable {
    let store: MarketStore
    let source: GuardedMarketSource
    let cache: OddsCache
    let clock: any WallClock

    /// The odds, whether they came from the cache, and who priced them (`polymarket` or `admin`).
    public func odds(for market: MarketRecord) async throws -> (odds: OddsSnapshot, cached: Bool, source: String) {
        guard market.source == MarketRecord.polymarket, let externalId = market.externalId else {
            return (OddsSnapshot(outcomes: market.currentOutcomes, fetchedAt: clock.now()), false, market.source)
        }
        let (source, store, clock) = (self.source, self.store, self.clock)
        let result = try await cache.odds(for: market.id, now: clock.now()) {
            guard let fresh = try await source.market(externalId: externalId) else { throw CatalogError.notAtSource(externalId) }
            let outcomes = zip(fresh.outcomes, fresh.priceMicros).map { OutcomeRecord(name: $0, priceMicros: $1) }
            let fetchedAt = clock.now()
            try await store.refreshPrices(market.id, outcomes, now: fetchedAt)
            return OddsSnapshot(outcomes: outcomes, fetchedAt: fetchedAt)
        }
        return (result.odds, result.cached, market.source)
    }
}
