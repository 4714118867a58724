import ProtoBridge

/// UnresolveReply (proto `markets.UnresolveReply`).
public struct UnresolveReply: ProtoCodable, Equatable {
    public static let protoName = "markets.UnresolveReply"
    public var marketId: String
    /// The resolution undone: an outcome's name, CANCEL or MKT.
    public var previousOutcome: String
    public var previousProbabilityMicros: Int32
    /// open or closed (by its close time).
    public var status: String
    public var betsReopened: Int32
    /// Credits taken back (payouts and refunds).
    public var creditsReversed: Int32
    /// Credits given back (claw-backs).
    public var creditsReturned: Int32

    public init(marketId: String = "",
                previousOutcome: String = "",
                previousProbabilityMicros: Int32 = 0,
                status: String = "",
                betsReopened: Int32 = 0,
                creditsReversed: Int32 = 0,
                creditsReturned: Int32 = 0) {
        self.marketId = marketId
        self.previousOutcome = previousOutcome
        self.previousProbabilityMicros = previousProbabilityMicros
        self.status = status
        self.betsReopened = betsReopened
        self.creditsReversed = creditsReversed
        self.creditsReturned = creditsReturned
    }
}
