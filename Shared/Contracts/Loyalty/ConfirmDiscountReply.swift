import ProtoBridge

/// ConfirmDiscountReply (proto `loyalty.ConfirmDiscountReply`).
public struct ConfirmDiscountReply: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ConfirmDiscountReply"
    public var discountId: Int64
    public var status: String
    public var pointsRefunded: Int32

    public init(discountId: Int64 = 0,
                status: String = "",
                pointsRefunded: Int32 = 0) {
        self.discountId = discountId
        self.status = status
        self.pointsRefunded = pointsRefunded
    }
}
