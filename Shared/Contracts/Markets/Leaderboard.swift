import ProtoBridge

/// Leaderboard (proto `markets.Leaderboard`).
public struct Leaderboard: ProtoCodable, Equatable {
    public static let protoName = "markets.Leaderboard"
    public var board: String
    public var period: String
    public var entries: [LeaderboardEntry]
    public var refreshedAt: String
    /// How old the figures may be (0: maintained with every bet).
    public var staleSeconds: Int32

    public init(board: String = "",
                period: String = "",
                entries: [LeaderboardEntry] = [],
                refreshedAt: String = "",
                staleSeconds: Int32 = 0) {
        self.board = board
        self.period = period
        self.entries = entries
        self.refreshedAt = refreshedAt
        self.staleSeconds = staleSeconds
    }
}
