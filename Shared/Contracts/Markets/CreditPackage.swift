import ProtoBridge

/// CreditPackage (proto `markets.CreditPackage`).
public struct CreditPackage: ProtoCodable, Equatable {
    public static let protoName = "markets.CreditPackage"
    public var id: String
    public var name: String
    public var credits: Int32
    /// Price in minor units (cents) and as text ("4.99").
    public var priceCents: Int32
    public var price: String
    public var currency: String

    public init(id: String = "",
                name: String = "",
                credits: Int32 = 0,
                priceCents: Int32 = 0,
                price: String = "",
                currency: String = "") {
        self.id = id
        self.name = name
        self.credits = credits
        self.priceCents = priceCents
        self.price = price
        self.currency = currency
    }
}
