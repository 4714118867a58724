import ProtoBridge

/// CreditTransaction (proto `markets.CreditTransaction`).
public struct CreditTransaction: ProtoCodable, Equatable {
    public static let protoName = "markets.CreditTransaction"
    public var id: String
    public var type: String
    public var amount: Int32
    public var balanceAfter: Int32
    public var reference: String
    public var createdAt: String

    public init(id: String = "",
                type: String = "",
                amount: Int32 = 0,
                balanceAfter: Int32 = 0,
                reference: String = "",
                createdAt: String = "") {
        self.id = id
        self.type = type
        self.amount = amount
        self.balanceAfter = balanceAfter
        self.reference = reference
        self.createdAt = createdAt
    }
}
