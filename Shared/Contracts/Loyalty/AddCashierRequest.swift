import ProtoBridge

/// Method "AddCashier": a Telegram user becomes a cashier of a store (proto `loyalty.AddCashierRequest`).
public struct AddCashierRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.AddCashierRequest"
    public var storeId: Int32
    public var telegramId: Int64

    public init(storeId: Int32 = 0,
                telegramId: Int64 = 0) {
        self.storeId = storeId
        self.telegramId = telegramId
    }
}
