import Foundation

/// A promo code as stored.
public struct PromoCodeRecord: Sendable, Equatable {
    public var code: String
    public var benefit: PromoBenefitValue
    public var maxRedemptions: Int
    public var redemptions: Int
    public var validFrom: Date
    public var validUntil: Date
    public var active: Bool
    public var createdAt: Date

    public init(
        code: String,
        benefit: PromoBenefitValue,
        maxRedemptions: Int,
        redemptions: Int,
        validFrom: Date,
        validUntil: Date,
        active: Bool,
        createdAt: Date
    ) {
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
