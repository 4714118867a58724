import Foundation

/// One redemption of a promo code by one user.
public struct PromoRedemption: Sendable, Equatable {
    public var id: UUID
    public var promo: PromoCodeRecord
    public var userId: String
    public var redeemedAt: Date
}
