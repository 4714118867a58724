import ProtoBridge

/// A customer as a cashier sees it (proto `loyalty.Customer`).
public struct Customer: ProtoCodable, Equatable {
    public static let protoName = "loyalty.Customer"
    public var card: String
    public var name: String
    /// Available points: never includes expired ones.
    public var balance: Int32
    /// Points that expire within the next 7 days.
    public var expiringSoon: Int32
    /// When the earliest of those expires (empty when none).
    public var nextExpiryAt: String

    public init(card: String = "",
                name: String = "",
                balance: Int32 = 0,
                expiringSoon: Int32 = 0,
                nextExpiryAt: String = "") {
        self.card = card
        self.name = name
        self.balance = balance
        self.expiringSoon = expiringSoon
        self.nextExpiryAt = nextExpiryAt
    }
}
