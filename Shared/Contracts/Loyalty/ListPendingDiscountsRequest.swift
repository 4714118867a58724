import ProtoBridge

/// Method "ListPendingDiscounts": the store's open discounts, read only (cashiers, admins) (proto `loyalty.ListPendingDiscountsRequest`).
public struct ListPendingDiscountsRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ListPendingDiscountsRequest"
    public var storeId: Int32

    public init(storeId: Int32 = 0) {
        self.storeId = storeId
    }
}
