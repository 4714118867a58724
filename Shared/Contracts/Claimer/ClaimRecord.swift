import ProtoBridge

/// One recorded outcome (proto `claimer.ClaimRecord`).
public struct ClaimRecord: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimRecord"
    public var id: String
    public var code: String
    /// claimed | skipped | failed
    public var status: String
    public var reason: String
    public var rewardType: String
    /// Decimal text exactly as the platform gave it ("0.00012345").
    public var rewardAmount: String
    public var rewardCurrency: String
    public var attemptedAt: String
    public var jobId: String

    public init(id: String = "",
                code: String = "",
                status: String = "",
                reason: String = "",
                rewardType: String = "",
                rewardAmount: String = "",
                rewardCurrency: String = "",
                attemptedAt: String = "",
                jobId: String = "") {
        self.id = id
        self.code = code
        self.status = status
        self.reason = reason
        self.rewardType = rewardType
        self.rewardAmount = rewardAmount
        self.rewardCurrency = rewardCurrency
        self.attemptedAt = attemptedAt
        self.jobId = jobId
    }
}
