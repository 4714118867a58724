import ProtoBridge

/// MarketPage (proto `markets.MarketPage`).
public struct MarketPage: ProtoCodable, Equatable {
    public static let protoName = "markets.MarketPage"
    public var markets: [Market]
    public var nextCursor: String
    public var total: Int32

    public init(markets: [Market] = [],
                nextCursor: String = "",
                total: Int32 = 0) {
        self.markets = markets
        self.nextCursor = nextCursor
        self.total = total
    }
}
