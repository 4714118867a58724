import ProtoBridge

/// Method "ListStocks" (proto `markets.ListStocksRequest`).
public struct ListStocksRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListStocksRequest"

    public init() {}
}
