import ProtoBridge

/// LiveOdds (proto `markets.LiveOdds`).
public struct LiveOdds: ProtoCodable, Equatable {
    public static let protoName = "markets.LiveOdds"
    public var marketId: String
    public var outcomes: [Outcome]
    public var fetchedAt: String
    /// True when the answer came from the 10 s cache.
    public var cached: Bool
    public var source: String

    public init(marketId: String = "",
                outcomes: [Outcome] = [],
                fetchedAt: String = "",
                cached: Bool = false,
                source: String = "") {
        self.marketId = marketId
        self.outcomes = outcomes
        self.fetchedAt = fetchedAt
        self.cached = cached
        self.source = source
    }
}
