import ProtoBridge

/// StoreTransactionsPage (proto `loyalty.StoreTransactionsPage`).
public struct StoreTransactionsPage: ProtoCodable, Equatable {
    public static let protoName = "loyalty.StoreTransactionsPage"
    public var storeId: Int32
    public var transactions: [CashierTransaction]
    public var nextCursor: String

    public init(storeId: Int32 = 0,
                transactions: [CashierTransaction] = [],
                nextCursor: String = "") {
        self.storeId = storeId
        self.transactions = transactions
        self.nextCursor = nextCursor
    }
}
