import ProtoBridge

/// One ledger entry of a customer: earn, redeem, refund or expire (proto `loyalty.LedgerEntry`).
public struct LedgerEntry: ProtoCodable, Equatable {
    public static let protoName = "loyalty.LedgerEntry"
    public var id: Int64
    public var type: String
    /// Signed change of the balance.
    public var points: Int32
    public var balanceAfter: Int32
    public var storeId: Int32
    /// The purchase in roubles ("1234.50"); empty for refund and expire.
    public var purchaseAmount: String
    public var discountId: Int64
    public var createdAt: String

    public init(id: Int64 = 0,
                type: String = "",
                points: Int32 = 0,
                balanceAfter: Int32 = 0,
                storeId: Int32 = 0,
                purchaseAmount: String = "",
                discountId: Int64 = 0,
                createdAt: String = "") {
        self.id = id
        self.type = type
        self.points = points
        self.balanceAfter = balanceAfter
        self.storeId = storeId
        self.purchaseAmount = purchaseAmount
        self.discountId = discountId
        self.createdAt = createdAt
    }
}
