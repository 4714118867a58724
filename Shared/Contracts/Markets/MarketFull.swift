import ProtoBridge

/// MarketFull (proto `markets.MarketFull`).
public struct MarketFull: ProtoCodable, Equatable {
    public static let protoName = "markets.MarketFull"
    public var market: Market?
    public var live: LiveOdds?

    public init(market: Market? = nil,
                live: LiveOdds? = nil) {
        self.market = market
        self.live = live
    }
}
