import ProtoBridge

/// Outcome (proto `markets.Outcome`).
public struct Outcome: ProtoCodable, Equatable {
    public static let protoName = "markets.Outcome"
    public var name: String
    public var price: Double
    public var priceMicros: Int32

    public init(name: String = "",
                price: Double = 0,
                priceMicros: Int32 = 0) {
        self.name = name
        self.price = price
        self.priceMicros = priceMicros
    }
}
