import ProtoBridge

/// Method "RandomMarkets": open markets in random order (proto `markets.RandomMarketsRequest`).
public struct RandomMarketsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.RandomMarketsRequest"
    public var count: Int32

    public init(count: Int32 = 0) {
        self.count = count
    }
}
