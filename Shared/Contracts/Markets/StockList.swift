import ProtoBridge

/// StockList (proto `markets.StockList`).
public struct StockList: ProtoCodable, Equatable {
    public static let protoName = "markets.StockList"
    public var stocks: [Stock]

    public init(stocks: [Stock] = []) {
        self.stocks = stocks
    }
}
