import ProtoBridge

/// UserSummary (proto `markets.UserSummary`).
public struct UserSummary: ProtoCodable, Equatable {
    public static let protoName = "markets.UserSummary"
    public var id: String
    public var username: String
    public var credits: Int32

    public init(id: String = "",
                username: String = "",
                credits: Int32 = 0) {
        self.id = id
        self.username = username
        self.credits = credits
    }
}
