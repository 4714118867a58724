import ProtoBridge

/// Method "Portfolio" (proto `markets.PortfolioRequest`).
public struct PortfolioRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.PortfolioRequest"

    public init() {}
}
