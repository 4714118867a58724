import Foundation

/// What ingesting one source market does to the stored one. Pure, so the rules are tested without a
/// database:
/// - a new market is created open, or closed when the source has closed it (or made it inactive);
/// - a settled market (resolved, cancelled) is never touched again;
/// - open → closed follows the source; closed never reopens here;
/// - prices follow the source by outcome name; if the names no longer match ours they are kept;
/// - `resolution` is set while the source shows the market settled and it is not settled here
///   (yet, or again after an admin's unresolve), so a resolver that failed is tried again on the
///   next run. An MKT probability is the source's price of our first outcome.
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
    /// Settle the market so (via the resolver).
    public var resolution: MarketResolution?

    /// The outcome of `resolution` (an outcome's name or `MKT`).
    public var resolvedOutcome: String? { resolution?.outcome }

    public static func decide(_ market: SourceMarket, stored: MarketRecord?) -> IngestPlan {
        let category = CategoryName(market.category)
        let sourceStatus = market.isOpen ? "open" : "closed"
        guard let stored else {
            return IngestPlan(
                action: .create,
                status: sourceStatus,
                category: category,
                priceMicros: market.priceMicros,
                pricesChanged: true,
                closes: false,
                outcomesMismatch: false,
                resolution: market.resolution
            )
        }
        let storedPrices = stored.outcomes.map(\.priceMicros)
        guard !stored.isSettled else {
            return IngestPlan(
                action: .none,
                status: stored.status,
                category: category,
                priceMicros: storedPrices,
                pricesChanged: false,
                closes: false,
                outcomesMismatch: false,
                resolution: nil
            )
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
        let fieldsChanged =
            stored.question != market.question || stored.slug != market.slug || stored.category != category.name
            || stored.categorySlug != category.slug || !sameInstant(stored.closeTime, market.endDate) || stored.volume != market.volume
            || stored.liquidity != market.liquidity
        let statusChanged = status != stored.status
        let resolved = market.resolution.flatMap { resolution -> MarketResolution? in
            guard resolution.isMarket else { return names.contains(resolution.outcome) ? resolution : nil }
            guard !mismatch, let first = names.first, let index = market.outcomes.firstIndex(of: first) else { return nil }
            return .market(probabilityMicros: market.priceMicros[index])
        }
        return IngestPlan(
            action: fieldsChanged || statusChanged || pricesChanged ? .update : .none,
            status: status,
            category: category,
            priceMicros: prices,
            pricesChanged: pricesChanged,
            closes: statusChanged && status == "closed",
            outcomesMismatch: mismatch,
            resolution: resolved
        )
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
