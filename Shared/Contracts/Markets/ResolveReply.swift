import ProtoBridge

/// ResolveReply (proto `markets.ResolveReply`).
public struct ResolveReply: ProtoCodable, Equatable {
    public static let protoName = "markets.ResolveReply"
    public var marketId: String
    public var outcome: String
    public var betsSettled: Int32
    /// Credits paid out (payouts and refunds).
    public var creditsPaid: Int32
    /// False when the market was resolved the same way before: nothing changed.
    public var changed: Bool
    /// MKT: the probability applied, in millionths.
    public var probabilityMicros: Int32
    /// CANCEL: credits taken back from sales above their stake.
    public var creditsClawedBack: Int32

    public init(marketId: String = "",
                outcome: String = "",
                betsSettled: Int32 = 0,
                creditsPaid: Int32 = 0,
                changed: Bool = false,
                probabilityMicros: Int32 = 0,
                creditsClawedBack: Int32 = 0) {
        self.marketId = marketId
        self.outcome = outcome
        self.betsSettled = betsSettled
        self.creditsPaid = creditsPaid
        self.changed = changed
        self.probabilityMicros = probabilityMicros
        self.creditsClawedBack = creditsClawedBack
    }
}
