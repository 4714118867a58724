import Foundation

/// What ingesting one source market does to the stored one. Pure, so the rules are tested without a
/// database:
/// - a new market is created open, or closed when the source has closed it (or made it inactive);
/// - a settled market (resolved, cancelled) is never touched again;
/// - open → closed follows the source; closed never reopens here;
/// - prices follow the source by outcome name; if the names no longer match ours they are kept;
/// - `resolvedOutcome` is set while the source shows the market settled and it is not settled
///   here yet, so a resolver that failed is tried again on the next run.
public struct IngestPlan: Sendable, Equatable {
    /// Insert a new market, write changes to the stored one, or leave it.
    public enum Action: Sendable, Equatable { case create, update, none }

    public var action: Action
    /// The status to store.
    public var status: String
    public var category: CategoryName
    /// Prices to store, in the stored outcomes' order (the source's order for a new market).
    public var priceMicros: [Int]
    public var pricesChanged: Bool
    /// Open here until now, closed from this run.
    public var closes: Bool
    /// The source's outcome names differ from ours: prices kept, logged by the caller.
    public var outcomesMismatch: Bool
    /// Settle the market with this outcome (via the resolver).
    public var resolvedOutcome: String?

    public static func decide(_ market: SourceMarket, stored: MarketRecord?) -> IngestPlan {
        let category = CategoryName(market.category)
        let sourceStatus = market.isOpen ? "open" : "closed"
        guard let stored else {
            return IngestPlan(action: .create, status: sourceStatus, category: category, priceMicros: market.priceMicros,
                              pricesChanged: true, closes: false, outcomesMismatch: false, resolvedOutcome: market.resolvedOutcome)
        }
        let storedPrices = stored.outcomes.map(\.priceMicros)
        guard !stored.isSettled else {
            return IngestPlan(action: .none, status: stored.status, category: category, priceMicros: storedPrices, pricesChanged: false,
                              closes: false, outcomesMismatch: false, resolvedOutcome: nil)
        }
        let status = stored.status == "closed" ? "closed" : sourceStatus
        let names = stored.outcomes.map(\.name)
        let mismatch = Set(names) != Set(market.outcomes) || names.count != market.outcomes.count
        var prices = storedPrices
        if !mismatch {
            let byName = Dictionary(uniqueKeysWithValues: zip(market.outcomes, market.priceMicros))
            prices = names.map { byName[$0]! }
        }
        let pricesChanged = prices != storedPrices
        let fieldsChanged = stored.question != market.question || stored.slug != market.slug || stored.category != category.name
            || stored.categorySlug != category.slug || !sameInstant(stored.closeTime, market.endDate) || stored.volume != market.volume
            || stored.liquidity != market.liquidity
        let statusChanged = status != stored.status
        let resolved = market.resolvedOutcome.flatMap { names.contains($0) ? $0 : nil }
        return IngestPlan(action: fieldsChanged || statusChanged || pricesChanged ? .update : .none, status: status, category: category,
                          priceMicros: prices, pricesChanged: pricesChanged, closes: statusChanged && status == "closed",
                          outcomesMismatch: mismatch, resolvedOutcome: resolved)
    }

    /// Stored times have millisecond precision; the source's may not.
    static func sameInstant(_ a: Date?, _ b: Date?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return abs(a.timeIntervalSince(b)) < 0.0005
        default: return false
        }
    }
}
