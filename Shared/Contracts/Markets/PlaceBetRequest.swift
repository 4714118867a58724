import ProtoBridge

/// Method "PlaceBet" (proto `markets.PlaceBetRequest`).
public struct PlaceBetRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.PlaceBetRequest"
    public var marketId: String
    public var outcome: String
    public var amount: Int32

    public init(marketId: String = "",
                outcome: String = "",
                amount: Int32 = 0) {
        self.marketId = marketId
        self.outcome = outcome
        self.amount = amount
    }
}
