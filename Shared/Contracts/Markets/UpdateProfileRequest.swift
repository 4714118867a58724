import ProtoBridge

/// Method "UpdateProfile": only the fields present change ("" clears avatar URL and bio) (proto `markets.UpdateProfileRequest`).
public struct UpdateProfileRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.UpdateProfileRequest"
    public var username: String?
    public var avatarUrl: String?
    public var bio: String?

    public init(username: String? = nil,
                avatarUrl: String? = nil,
                bio: String? = nil) {
        self.username = username
        self.avatarUrl = avatarUrl
        self.bio = bio
    }
}
