import ProtoBridge

/// Method "SetTierOverride" (admin): raises every user's effective tier until `expires_at` (proto `markets.SetTierOverrideRequest`).
public struct SetTierOverrideRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.SetTierOverrideRequest"
    public var tier: String
    public var expiresAt: String

    public init(tier: String = "",
                expiresAt: String = "") {
        self.tier = tier
        self.expiresAt = expiresAt
    }
}
