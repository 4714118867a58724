import ProtoBridge

/// Method "ListClaimJobs" (admin): jobs in one state, oldest first (proto `claimer.ListClaimJobsRequest`).
public struct ListClaimJobsRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.ListClaimJobsRequest"
    public var state: String
    public var limit: Int32
    public var cursor: String

    public init(state: String = "",
                limit: Int32 = 0,
                cursor: String = "") {
        self.state = state
        self.limit = limit
        self.cursor = cursor
    }
}
