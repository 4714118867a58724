import ProtoBridge

/// Event "claimer.claim_recorded": a job reached its outcome (never carries the API key) (proto `claimer.ClaimRecorded`).
public struct ClaimRecorded: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimRecorded"
    public var jobId: String
    public var userId: String
    public var code: String
    public var status: String
    public var reason: String
    public var rewardType: String
    public var rewardAmount: String
    public var rewardCurrency: String
    public var attemptedAt: String

    public init(jobId: String = "",
                userId: String = "",
                code: String = "",
                status: String = "",
                reason: String = "",
                rewardType: String = "",
                rewardAmount: String = "",
                rewardCurrency: String = "",
                attemptedAt: String = "") {
        self.jobId = jobId
        self.userId = userId
        self.code = code
        self.status = status
        self.reason = reason
        self.rewardType = rewardType
        self.rewardAmount = rewardAmount
        self.rewardCurrency = rewardCurrency
        self.attemptedAt = attemptedAt
    }
}
