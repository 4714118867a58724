import ProtoBridge

/// ConfirmDiscountReply (proto `loyalty.ConfirmDiscountReply`).
public struct ConfirmDiscountReply: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ConfirmDiscountReply"
    public var discountId: Int64
    public var status: String
    public var pointsRefunded: Int32
    /// "applied" after the expiry had refunded the points: they were taken again.
    public var late: Bool
    /// Points taken again by a late "applied" (at most the balance then).
    public var pointsRedebited: Int32
    /// Points a late "applied" could not take again (recorded, event loyalty.discount_shortfall).
    public var shortfall: Int32

    public init(discountId: Int64 = 0,
                status: String = "",
                pointsRefunded: Int32 = 0,
                late: Bool = false,
                pointsRedebited: Int32 = 0,
                shortfall: Int32 = 0) {
        self.discountId = discountId
        self.status = status
        self.pointsRefunded = pointsRefunded
        self.late = late
        self.pointsRedebited = pointsRedebited
        self.shortfall = shortfall
    }
}
