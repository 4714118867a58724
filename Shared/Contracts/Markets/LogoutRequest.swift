import ProtoBridge

/// Method "Logout": revokes the refresh token's family (proto `markets.LogoutRequest`).
public struct LogoutRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.LogoutRequest"
    public var refreshToken: String

    public init(refreshToken: String = "") {
        self.refreshToken = refreshToken
    }
}
