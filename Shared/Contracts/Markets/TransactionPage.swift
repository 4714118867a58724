import ProtoBridge

/// TransactionPage (proto `markets.TransactionPage`).
public struct TransactionPage: ProtoCodable, Equatable {
    public static let protoName = "markets.TransactionPage"
    public var transactions: [CreditTransaction]
    public var nextCursor: String

    public init(transactions: [CreditTransaction] = [],
                nextCursor: String = "") {
        self.transactions = transactions
        self.nextCursor = nextCursor
    }
}
