import ProtoBridge

/// Me (proto `markets.Me`).
public struct Me: ProtoCodable, Equatable {
    public static let protoName = "markets.Me"
    public var id: String
    public var email: String
    public var username: String
    public var credits: Int32
    public var roles: [String]
    public var avatarUrl: String
    public var bio: String
    public var createdAt: String
    /// The effective tier (free, pro, premium), where it comes from (default, purchase, promo, admin, global_override) and when it ends (empty: no end).
    public var tier: String
    public var tierSource: String
    public var tierExpiresAt: String

    public init(id: String = "",
                email: String = "",
                username: String = "",
                credits: Int32 = 0,
                roles: [String] = [],
                avatarUrl: String = "",
                bio: String = "",
                createdAt: String = "",
                tier: String = "",
                tierSource: String = "",
                tierExpiresAt: String = "") {
        self.id = id
        self.email = email
        self.username = username
        self.credits = credits
        self.roles = roles
        self.avatarUrl = avatarUrl
        self.bio = bio
        self.createdAt = createdAt
        self.tier = tier
        self.tierSource = tierSource
        self.tierExpiresAt = tierExpiresAt
    }
}
