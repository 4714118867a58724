import ProtoBridge

/// Method "ResolveMarket" (admin): outcome name, or CANCEL to refund every stake (proto `markets.ResolveMarketRequest`).
public struct ResolveMarketRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ResolveMarketRequest"
    public var id: String
    public var outcome: String

    public init(id: String = "",
                outcome: String = "") {
        self.id = id
        self.outcome = outcome
    }
}
