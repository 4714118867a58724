import ProtoBridge

/// A promo code as stored (proto `code_inventory.PromoCode`).
public struct PromoCode: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.PromoCode"
    public var code: String
    public var benefit: PromoBenefit?
    public var maxRedemptions: Int32
    public var redemptions: Int32
    public var validFrom: String
    public var validUntil: String
    public var active: Bool
    public var createdAt: String

    public init(code: String = "",
                benefit: PromoBenefit? = nil,
                maxRedemptions: Int32 = 0,
                redemptions: Int32 = 0,
                validFrom: String = "",
                validUntil: String = "",
                active: Bool = false,
                createdAt: String = "") {
        self.code = code
        self.benefit = benefit
        self.maxRedemptions = maxRedemptions
        self.redemptions = redemptions
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.active = active
        self.createdAt = createdAt
    }
}
