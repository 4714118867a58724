import ProtoBridge

/// PurchaseRecord (proto `markets.PurchaseRecord`).
public struct PurchaseRecord: ProtoCodable, Equatable {
    public static let protoName = "markets.PurchaseRecord"
    public var id: String
    public var packageId: String
    public var credits: Int32
    public var priceCents: Int32
    public var currency: String
    /// pending, completed, failed
    public var status: String
    public var provider: String
    public var providerReference: String
    public var createdAt: String
    /// The balance after crediting (0 in listings).
    public var balance: Int32

    public init(id: String = "",
                packageId: String = "",
                credits: Int32 = 0,
                priceCents: Int32 = 0,
                currency: String = "",
                status: String = "",
                provider: String = "",
                providerReference: String = "",
                createdAt: String = "",
                balance: Int32 = 0) {
        self.id = id
        self.packageId = packageId
        self.credits = credits
        self.priceCents = priceCents
        self.currency = currency
        self.status = status
        self.provider = provider
        self.providerReference = providerReference
        self.createdAt = createdAt
        self.balance = balance
    }
}
