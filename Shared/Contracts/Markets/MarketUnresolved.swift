import ProtoBridge

/// Topic "markets.market_unresolved" (proto `markets.MarketUnresolved`).
public struct MarketUnresolved: ProtoCodable, Equatable {
    public static let protoName = "markets.MarketUnresolved"
    public var marketId: String
    public var previousOutcome: String
    public var previousProbabilityMicros: Int32
    public var status: String
    public var betsReopened: Int32
    public var creditsReversed: Int32
    public var creditsReturned: Int32
    public var occurredAt: String

    public init(marketId: String = "",
                previousOutcome: String = "",
                previousProbabilityMicros: Int32 = 0,
                status: String = "",
                betsReopened: Int32 = 0,
                creditsReversed: Int32 = 0,
                creditsReturned: Int32 = 0,
                occurredAt: String = "") {
        self.marketId = marketId
        self.previousOutcome = previousOutcome
        self.previousProbabilityMicros = previousProbabilityMicros
        self.status = status
        self.betsReopened = betsReopened
        self.creditsReversed = creditsReversed
        self.creditsReturned = creditsReturned
        self.occurredAt = occurredAt
    }
}
