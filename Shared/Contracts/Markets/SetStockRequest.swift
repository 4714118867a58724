import ProtoBridge

/// Method "SetStock" (admin): creates or re-prices a stock (proto `markets.SetStockRequest`).
public struct SetStockRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.SetStockRequest"
    public var symbol: String
    public var name: String
    public var price: Int32

    public init(symbol: String = "",
                name: String = "",
                price: Int32 = 0) {
        self.symbol = symbol
        self.name = name
        self.price = price
    }
}
