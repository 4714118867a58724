import ProtoBridge

/// Topic "markets.bet_placed" (proto `markets.BetPlaced`).
public struct BetPlaced: ProtoCodable, Equatable {
    public static let protoName = "markets.BetPlaced"
    public var betId: String
    public var userId: String
    public var marketId: String
    public var outcome: String
    public var amount: Int32
    public var shares: String
    public var occurredAt: String

    public init(betId: String = "",
                userId: String = "",
                marketId: String = "",
                outcome: String = "",
                amount: Int32 = 0,
                shares: String = "",
                occurredAt: String = "") {
        self.betId = betId
        self.userId = userId
        self.marketId = marketId
        self.outcome = outcome
        self.amount = amount
        self.shares = shares
        self.occurredAt = occurredAt
    }
}
