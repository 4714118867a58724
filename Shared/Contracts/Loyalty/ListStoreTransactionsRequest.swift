import ProtoBridge

/// Method "ListStoreTransactions": newest first (proto `loyalty.ListStoreTransactionsRequest`).
public struct ListStoreTransactionsRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ListStoreTransactionsRequest"
    public var storeId: Int32
    public var limit: Int32
    public var cursor: String

    public init(storeId: Int32 = 0,
                limit: Int32 = 0,
                cursor: String = "") {
        self.storeId = storeId
        self.limit = limit
        self.cursor = cursor
    }
}
