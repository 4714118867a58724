import ProtoBridge

/// Method "TakePendingDiscounts": hands the store's pending discounts to its agent (its own store key only): pending → processing (proto `loyalty.TakePendingDiscountsRequest`).
public struct TakePendingDiscountsRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.TakePendingDiscountsRequest"
    public var storeId: Int32

    public init(storeId: Int32 = 0) {
        self.storeId = storeId
    }
}
