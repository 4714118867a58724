import ProtoBridge

/// Holding (proto `markets.Holding`).
public struct Holding: ProtoCodable, Equatable {
    public static let protoName = "markets.Holding"
    public var symbol: String
    public var name: String
    public var quantity: Int32
    public var price: Int32
    public var value: Int32
    public var costBasis: Int32
    public var unrealizedPnl: Int32

    public init(symbol: String = "",
                name: String = "",
                quantity: Int32 = 0,
                price: Int32 = 0,
                value: Int32 = 0,
                costBasis: Int32 = 0,
                unrealizedPnl: Int32 = 0) {
        self.symbol = symbol
        self.name = name
        self.quantity = quantity
        self.price = price
        self.value = value
        self.costBasis = costBasis
        self.unrealizedPnl = unrealizedPnl
    }
}
