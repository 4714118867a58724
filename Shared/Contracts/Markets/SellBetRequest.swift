import ProtoBridge

/// Method "SellBet": sell shares back at the current price (all when `shares` is empty) (proto `markets.SellBetRequest`).
public struct SellBetRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.SellBetRequest"
    public var betId: String
    public var shares: String

    public init(betId: String = "",
                shares: String = "") {
        self.betId = betId
        self.shares = shares
    }
}
