import ProtoBridge

/// PublicProfile (proto `markets.PublicProfile`).
public struct PublicProfile: ProtoCodable, Equatable {
    public static let protoName = "markets.PublicProfile"
    public var id: String
    public var username: String
    public var avatarUrl: String
    public var bio: String
    public var createdAt: String

    public init(id: String = "",
                username: String = "",
                avatarUrl: String = "",
                bio: String = "",
                createdAt: String = "") {
        self.id = id
        self.username = username
        self.avatarUrl = avatarUrl
        self.bio = bio
        self.createdAt = createdAt
    }
}
