import ProtoBridge

/// Method "ListCustomerTransactions": newest first (proto `loyalty.ListCustomerTransactionsRequest`).
public struct ListCustomerTransactionsRequest: ProtoCodable, Equatable {
    public static let protoName = "loyalty.ListCustomerTransactionsRequest"
    public var card: String
    public var limit: Int32
    public var cursor: String

    public init(card: String = "",
                limit: Int32 = 0,
                cursor: String = "") {
        self.card = card
        self.limit = limit
        self.cursor = cursor
    }
}
