import ProtoBridge

/// BetPage (proto `markets.BetPage`).
public struct BetPage: ProtoCodable, Equatable {
    public static let protoName = "markets.BetPage"
    public var bets: [Bet]
    public var nextCursor: String

    public init(bets: [Bet] = [],
                nextCursor: String = "") {
        self.bets = bets
        self.nextCursor = nextCursor
    }
}
