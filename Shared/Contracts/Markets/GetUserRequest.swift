import ProtoBridge

/// Method "GetUser": the public profile (never the email) (proto `markets.GetUserRequest`).
public struct GetUserRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.GetUserRequest"
    public var userId: String

    public init(userId: String = "") {
        self.userId = userId
    }
}
