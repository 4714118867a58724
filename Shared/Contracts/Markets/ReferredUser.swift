import ProtoBridge

/// ReferredUser (proto `markets.ReferredUser`).
public struct ReferredUser: ProtoCodable, Equatable {
    public static let protoName = "markets.ReferredUser"
    public var username: String
    public var joinedAt: String

    public init(username: String = "",
                joinedAt: String = "") {
        self.username = username
        self.joinedAt = joinedAt
    }
}
