import ProtoBridge

/// LogoutReply (proto `markets.LogoutReply`).
public struct LogoutReply: ProtoCodable, Equatable {
    public static let protoName = "markets.LogoutReply"
    public var revoked: Bool

    public init(revoked: Bool = false) {
        self.revoked = revoked
    }
}
