import ProtoBridge

/// Request of `ListPromoCodes` and `ListActivePromoCodes` (keyset paging) (proto `code_inventory.ListPromoCodesRequest`).
public struct ListPromoCodesRequest: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ListPromoCodesRequest"
    public var limit: Int32
    public var cursor: String

    public init(limit: Int32 = 0, cursor: String = "") {
        self.limit = limit
        self.cursor = cursor
    }
}
