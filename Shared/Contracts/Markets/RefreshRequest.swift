import ProtoBridge

/// Method "Refresh": rotates the refresh token (reusing a rotated one revokes its whole family) (proto `markets.RefreshRequest`).
public struct RefreshRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.RefreshRequest"
    public var refreshToken: String

    public init(refreshToken: String = "") {
        self.refreshToken = refreshToken
    }
}
