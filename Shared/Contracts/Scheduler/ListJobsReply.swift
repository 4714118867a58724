import ProtoBridge

/// ListJobsReply (proto `scheduler.ListJobsReply`).
public struct ListJobsReply: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ListJobsReply"
    public var jobs: [ScheduledJob]

    public init(jobs: [ScheduledJob] = []) {
        self.jobs = jobs
    }
}
