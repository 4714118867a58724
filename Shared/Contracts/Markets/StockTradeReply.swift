import ProtoBridge

/// StockTradeReply (proto `markets.StockTradeReply`).
public struct StockTradeReply: ProtoCodable, Equatable {
    public static let protoName = "markets.StockTradeReply"
    public var symbol: String
    public var quantity: Int32
    public var price: Int32
    /// Credits paid (buy) or received (sell).
    public var total: Int32
    public var credits: Int32
    public var holding: Int32

    public init(symbol: String = "",
                quantity: Int32 = 0,
                price: Int32 = 0,
                total: Int32 = 0,
                credits: Int32 = 0,
                holding: Int32 = 0) {
        self.symbol = symbol
        self.quantity = quantity
        self.price = price
        self.total = total
        self.credits = credits
        self.holding = holding
    }
}
