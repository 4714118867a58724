import ProtoBridge

/// Method "ListJobs": every job, by name (proto `scheduler.ListJobsRequest`).
public struct ListJobsRequest: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ListJobsRequest"

    public init() {}
}
