import ProtoBridge

/// Method "ListAlerts": alerts, newest first (proto `scheduler.ListAlertsRequest`).
public struct ListAlertsRequest: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ListAlertsRequest"
    /// 1…200, default 50.
    public var limit: Int32
    public var cursor: String
    /// Only this job's alerts (empty: all).
    public var job: String

    public init(limit: Int32 = 0,
                cursor: String = "",
                job: String = "") {
        self.limit = limit
        self.cursor = cursor
        self.job = job
    }
}
