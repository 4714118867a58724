import ProtoBridge

/// Stock (proto `markets.Stock`).
public struct Stock: ProtoCodable, Equatable {
    public static let protoName = "markets.Stock"
    public var symbol: String
    public var name: String
    /// Credits per share.
    public var price: Int32
    public var updatedAt: String

    public init(symbol: String = "",
                name: String = "",
                price: Int32 = 0,
                updatedAt: String = "") {
        self.symbol = symbol
        self.name = name
        self.price = price
        self.updatedAt = updatedAt
    }
}
