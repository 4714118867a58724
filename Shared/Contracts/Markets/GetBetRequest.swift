import ProtoBridge

/// Method "GetBet" (owner only) (proto `markets.GetBetRequest`).
public struct GetBetRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.GetBetRequest"
    public var betId: String

    public init(betId: String = "") {
        self.betId = betId
    }
}
