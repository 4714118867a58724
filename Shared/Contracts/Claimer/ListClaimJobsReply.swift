import ProtoBridge

/// ListClaimJobsReply (proto `claimer.ListClaimJobsReply`).
public struct ListClaimJobsReply: ProtoCodable, Equatable {
    public static let protoName = "claimer.ListClaimJobsReply"
    public var jobs: [ClaimJobInfo]
    public var nextCursor: String

    public init(jobs: [ClaimJobInfo] = [],
                nextCursor: String = "") {
        self.jobs = jobs
        self.nextCursor = nextCursor
    }
}
