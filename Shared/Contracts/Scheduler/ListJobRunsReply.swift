import ProtoBridge

/// ListJobRunsReply (proto `scheduler.ListJobRunsReply`).
public struct ListJobRunsReply: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ListJobRunsReply"
    public var runs: [JobRun]
    public var nextCursor: String

    public init(runs: [JobRun] = [],
                nextCursor: String = "") {
        self.runs = runs
        self.nextCursor = nextCursor
    }
}
