import ProtoBridge

/// One operation at a till (the store's history) (proto `loyalty.CashierTransaction`).
public struct CashierTransaction: ProtoCodable, Equatable {
    public static let protoName = "loyalty.CashierTransaction"
    public var id: Int64
    public var storeId: Int32
    public var card: String
    public var type: String
    public var amount: String
    public var pointsEarned: Int32
    public var pointsRedeemed: Int32
    public var createdAt: String
    /// A redemption's discount (0 for an earn) and its outcome: pending, processing, applied, failed or expired (empty for an earn).
    public var discountId: Int64
    public var discountStatus: String

    public init(id: Int64 = 0,
                storeId: Int32 = 0,
                card: String = "",
                type: String = "",
                amount: String = "",
                pointsEarned: Int32 = 0,
                pointsRedeemed: Int32 = 0,
                createdAt: String = "",
                discountId: Int64 = 0,
                discountStatus: String = "") {
        self.id = id
        self.storeId = storeId
        self.card = card
        self.type = type
        self.amount = amount
        self.pointsEarned = pointsEarned
        self.pointsRedeemed = pointsRedeemed
        self.createdAt = createdAt
        self.discountId = discountId
        self.discountStatus = discountStatus
    }
}
