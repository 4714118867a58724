import ProtoBridge

/// Method "ListMyTransactions" (proto `markets.ListTransactionsRequest`).
public struct ListTransactionsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListTransactionsRequest"
    public var type: String
    public var limit: Int32
    public var cursor: String

    public init(type: String = "",
                limit: Int32 = 0,
                cursor: String = "") {
        self.type = type
        self.limit = limit
        self.cursor = cursor
    }
}
