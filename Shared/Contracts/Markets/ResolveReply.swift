import ProtoBridge

/// ResolveReply (proto `markets.ResolveReply`).
public struct ResolveReply: ProtoCodable, Equatable {
    public static let protoName = "markets.ResolveReply"
    public var marketId: String
    public var outcome: String
    public var betsSettled: Int32
    public var creditsPaid: Int32
    /// False when the market was resolved before: nothing changed.
    public var changed: Bool

    public init(marketId: String = "",
                outcome: String = "",
                betsSettled: Int32 = 0,
                creditsPaid: Int32 = 0,
                changed: Bool = false) {
        self.marketId = marketId
        self.outcome = outcome
        self.betsSettled = betsSettled
        self.creditsPaid = creditsPaid
        self.changed = changed
    }
}
