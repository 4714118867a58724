import ProtoBridge

/// Methods "GetMarket", "LiveOdds", "MarketFull" (proto `markets.GetMarketRequest`).
public struct GetMarketRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.GetMarketRequest"
    public var id: String

    public init(id: String = "") {
        self.id = id
    }
}
