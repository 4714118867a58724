import ProtoBridge

/// Portfolio (proto `markets.Portfolio`).
public struct Portfolio: ProtoCodable, Equatable {
    public static let protoName = "markets.Portfolio"
    public var holdings: [Holding]
    public var totalValue: Int32
    public var credits: Int32

    public init(holdings: [Holding] = [],
                totalValue: Int32 = 0,
                credits: Int32 = 0) {
        self.holdings = holdings
        self.totalValue = totalValue
        self.credits = credits
    }
}
