import ProtoBridge

/// What a promo code gives: `credits`, or `tier` for `days` (oneof members are nil when unset) (proto `code_inventory.PromoBenefit`).
public struct PromoBenefit: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.PromoBenefit"
    public var credits: Int32?
    public var tier: String?
    public var days: Int32?

    public init(credits: Int32? = nil, tier: String? = nil, days: Int32? = nil) {
        self.credits = credits
        self.tier = tier
        self.days = days
    }
}
