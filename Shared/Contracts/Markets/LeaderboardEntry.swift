import ProtoBridge

/// LeaderboardEntry (proto `markets.LeaderboardEntry`).
public struct LeaderboardEntry: ProtoCodable, Equatable {
    public static let protoName = "markets.LeaderboardEntry"
    public var rank: Int32
    public var userId: String
    public var username: String
    public var value: Int32

    public init(rank: Int32 = 0,
                userId: String = "",
                username: String = "",
                value: Int32 = 0) {
        self.rank = rank
        self.userId = userId
        self.username = username
        self.value = value
    }
}
