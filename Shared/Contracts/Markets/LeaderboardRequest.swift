import ProtoBridge

/// Methods "PnlLeaderboard", "VolumeLeaderboard": period all or week (proto `markets.LeaderboardRequest`).
public struct LeaderboardRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.LeaderboardRequest"
    public var period: String
    public var limit: Int32

    public init(period: String = "",
                limit: Int32 = 0) {
        self.period = period
        self.limit = limit
    }
}
