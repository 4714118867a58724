import ProtoBridge

/// Method "ListJobRuns": a job's runs, newest tick first (proto `scheduler.ListJobRunsRequest`).
public struct ListJobRunsRequest: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ListJobRunsRequest"
    public var name: String
    /// 1…200, default 50.
    public var limit: Int32
    /// next_cursor of the previous page.
    public var cursor: String
    /// Only runs with this status (empty: all).
    public var status: String

    public init(name: String = "",
                limit: Int32 = 0,
                cursor: String = "",
                status: String = "") {
        self.name = name
        self.limit = limit
        self.cursor = cursor
        self.status = status
    }
}
