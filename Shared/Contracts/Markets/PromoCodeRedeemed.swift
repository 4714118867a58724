import ProtoBridge

/// PromoCodeRedeemed (proto `markets.PromoCodeRedeemed`).
public struct PromoCodeRedeemed: ProtoCodable, Equatable {
    public static let protoName = "markets.PromoCodeRedeemed"
    public var code: String
    public var credits: Int32
    public var tier: String
    public var days: Int32
    /// Balance and tier after the benefit.
    public var balance: Int32
    public var tierExpiresAt: String

    public init(code: String = "",
                credits: Int32 = 0,
                tier: String = "",
                days: Int32 = 0,
                balance: Int32 = 0,
                tierExpiresAt: String = "") {
        self.code = code
        self.credits = credits
        self.tier = tier
        self.days = days
        self.balance = balance
        self.tierExpiresAt = tierExpiresAt
    }
}
