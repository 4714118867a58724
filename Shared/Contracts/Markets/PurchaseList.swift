import ProtoBridge

/// PurchaseList (proto `markets.PurchaseList`).
public struct PurchaseList: ProtoCodable, Equatable {
    public static let protoName = "markets.PurchaseList"
    public var purchases: [PurchaseRecord]

    public init(purchases: [PurchaseRecord] = []) {
        self.purchases = purchases
    }
}
