import ProtoBridge

/// Cashier (proto `loyalty.Cashier`).
public struct Cashier: ProtoCodable, Equatable {
    public static let protoName = "loyalty.Cashier"
    public var storeId: Int32
    public var telegramId: Int64
    public var createdAt: String

    public init(storeId: Int32 = 0,
                telegramId: Int64 = 0,
                createdAt: String = "") {
        self.storeId = storeId
        self.telegramId = telegramId
        self.createdAt = createdAt
    }
}
