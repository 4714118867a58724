import ProtoBridge

/// Topic "loyalty.discount_pending" (proto `loyalty.DiscountPending`).
public struct DiscountPending: ProtoCodable, Equatable {
    public static let protoName = "loyalty.DiscountPending"
    public var discountId: Int64
    public var storeId: Int32
    public var card: String
    public var amount: Int32
    public var expiresAt: String

    public init(discountId: Int64 = 0,
                storeId: Int32 = 0,
                card: String = "",
                amount: Int32 = 0,
                expiresAt: String = "") {
        self.discountId = discountId
        self.storeId = storeId
        self.card = card
        self.amount = amount
        self.expiresAt = expiresAt
    }
}
