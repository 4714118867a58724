import ProtoBridge

/// TierOverride (proto `markets.TierOverride`).
public struct TierOverride: ProtoCodable, Equatable {
    public static let protoName = "markets.TierOverride"
    public var tier: String
    public var expiresAt: String
    public var active: Bool

    public init(tier: String = "",
                expiresAt: String = "",
                active: Bool = false) {
        self.tier = tier
        self.expiresAt = expiresAt
        self.active = active
    }
}
