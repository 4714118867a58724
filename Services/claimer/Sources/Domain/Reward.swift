/// What a successful claim earned, as the platform states it.
public struct Reward: Sendable, Equatable {
    public var type: String
    /// Decimal text exactly as the platform gave it (never rounded through a float).
    public var amount: String
    public var currency: String

    public init(type: String, amount: String, currency: String) {
        self.type = type
        self.amount = amount
        self.currency = currency
    }
}
