import ProtoBridge

/// Answer of signup, login and refresh (proto `markets.AuthReply`).
public struct AuthReply: ProtoCodable, Equatable {
    public static let protoName = "markets.AuthReply"
    public var accessToken: String
    public var refreshToken: String
    public var tokenType: String
    /// Seconds until the access token expires.
    public var expiresIn: Int32
    public var user: UserSummary?

    public init(accessToken: String = "",
                refreshToken: String = "",
                tokenType: String = "",
                expiresIn: Int32 = 0,
                user: UserSummary? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.user = user
    }
}
