import ProtoBridge

/// PendingDiscount (proto `loyalty.PendingDiscount`).
public struct PendingDiscount: ProtoCodable, Equatable {
    public static let protoName = "loyalty.PendingDiscount"
    public var id: Int64
    public var storeId: Int32
    public var card: String
    /// Whole roubles (= points).
    public var amount: Int32
    public var createdAt: String
    public var expiresAt: String
    /// pending or processing.
    public var status: String

    public init(id: Int64 = 0,
                storeId: Int32 = 0,
                card: String = "",
                amount: Int32 = 0,
                createdAt: String = "",
                expiresAt: String = "",
                status: String = "") {
        self.id = id
        self.storeId = storeId
        self.card = card
        self.amount = amount
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
    }
}
