import ProtoBridge

/// Precheck (proto `loyalty.Precheck`).
public struct Precheck: ProtoCodable, Equatable {
    public static let protoName = "loyalty.Precheck"
    public var storeId: Int32
    public var amount: String
    public var updatedAt: String
    public var expiresAt: String

    public init(storeId: Int32 = 0,
                amount: String = "",
                updatedAt: String = "",
                expiresAt: String = "") {
        self.storeId = storeId
        self.amount = amount
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }
}
