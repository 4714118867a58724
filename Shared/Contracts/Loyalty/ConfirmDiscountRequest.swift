import ProtoBridge

/// Method "ConfirmDiscount": status "applied" (final) or "failed" (refunds the points) (proto `loyalty.ConfirmDiscountRequest`).
public struct ConfirmDiscountRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ConfirmDiscountRequest"
    public var discountId: Int64
    public var status: String

    public init(discountId: Int64 = 0,
                status: String = "") {
        self.discountId = discountId
        self.status = status
    }
}
