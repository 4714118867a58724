import ProtoBridge

/// Method "ResolveMarket" (admin): an outcome's name (its shares pay 1 credit), CANCEL (every user gets back what they put in minus what they took out), or MKT with probability_micros (each share of the first outcome pays it, each of the second the rest). 409 ALREADY_RESOLVED when the market was resolved otherwise (proto `markets.ResolveMarketRequest`).
public struct ResolveMarketRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ResolveMarketRequest"
    public var id: String
    public var outcome: String
    /// MKT only: 1…999999 millionths.
    public var probabilityMicros: Int32

    public init(id: String = "",
                outcome: String = "",
                probabilityMicros: Int32 = 0) {
        self.id = id
        self.outcome = outcome
        self.probabilityMicros = probabilityMicros
    }
}
