import ProtoBridge

/// Topic "markets.market_resolved" (proto `markets.MarketResolved`).
public struct MarketResolved: ProtoCodable, Equatable {
    public static let protoName = "markets.MarketResolved"
    public var marketId: String
    public var outcome: String
    public var betsSettled: Int32
    public var creditsPaid: Int32
    public var occurredAt: String
    public var probabilityMicros: Int32
    public var creditsClawedBack: Int32

    public init(marketId: String = "",
                outcome: String = "",
                betsSettled: Int32 = 0,
                creditsPaid: Int32 = 0,
                occurredAt: String = "",
                probabilityMicros: Int32 = 0,
                creditsClawedBack: Int32 = 0) {
        self.marketId = marketId
        self.outcome = outcome
        self.betsSettled = betsSettled
        self.creditsPaid = creditsPaid
        self.occurredAt = occurredAt
        self.probabilityMicros = probabilityMicros
        self.creditsClawedBack = creditsClawedBack
    }
}
