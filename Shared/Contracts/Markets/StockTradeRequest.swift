import ProtoBridge

/// Methods "BuyStock", "SellStock": whole shares at the current price (proto `markets.StockTradeRequest`).
public struct StockTradeRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.StockTradeRequest"
    public var symbol: String
    public var quantity: Int32

    public init(symbol: String = "",
                quantity: Int32 = 0) {
        self.symbol = symbol
        self.quantity = quantity
    }
}
