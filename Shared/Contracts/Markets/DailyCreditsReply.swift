import ProtoBridge

/// DailyCreditsReply (proto `markets.DailyCreditsReply`).
public struct DailyCreditsReply: ProtoCodable, Equatable {
    public static let protoName = "markets.DailyCreditsReply"
    public var amount: Int32
    /// Consecutive days including today (1 after a missed day).
    public var streak: Int32
    /// Balance after the reward.
    public var credits: Int32
    public var nextClaimAt: String

    public init(amount: Int32 = 0,
                streak: Int32 = 0,
                credits: Int32 = 0,
                nextClaimAt: String = "") {
        self.amount = amount
        self.streak = streak
        self.credits = credits
        self.nextClaimAt = nextClaimAt
    }
}
