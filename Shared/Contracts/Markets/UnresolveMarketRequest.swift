import ProtoBridge

/// Method "UnresolveMarket" (admin): undo a resolution — every credit it moved reversed, its bets open again, the market open or closed by its close time. 409 NOT_RESOLVED when it is not settled (proto `markets.UnresolveMarketRequest`).
public struct UnresolveMarketRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.UnresolveMarketRequest"
    public var id: String

    public init(id: String = "") {
        self.id = id
    }
}
