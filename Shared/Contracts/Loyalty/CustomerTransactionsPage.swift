import ProtoBridge

/// CustomerTransactionsPage (proto `loyalty.CustomerTransactionsPage`).
public struct CustomerTransactionsPage: ProtoCodable, Equatable {
    public static let protoName = "loyalty.CustomerTransactionsPage"
    public var card: String
    public var transactions: [LedgerEntry]
    public var nextCursor: String

    public init(card: String = "",
                transactions: [LedgerEntry] = [],
                nextCursor: String = "") {
        self.card = card
        self.transactions = transactions
        self.nextCursor = nextCursor
    }
}
