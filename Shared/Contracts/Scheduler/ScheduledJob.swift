import ProtoBridge

/// One job of the schedule with its next and last run (proto `scheduler.ScheduledJob`).
public struct ScheduledJob: ProtoCodable, Equatable {
    public static let protoName = "scheduler.ScheduledJob"
    public var name: String
    /// The service that runs it (answers "RunJob").
    public var service: String
    /// 5-field cron expression.
    public var cron: String
    /// IANA time zone the cron expression is read in.
    public var timezone: String
    public var enabled: Bool
    /// "skip" (a tick while a run is still running is skipped) or "allow".
    public var overlap: String
    public var catchUpWindowSeconds: Int32
    /// Next scheduled tick (empty when disabled).
    public var nextRunAt: String
    /// Last run (scheduled or manual): its tick, status and id; empty when it never ran.
    public var lastRunAt: String
    public var lastStatus: String
    public var lastRunId: String

    public init(name: String = "",
                service: String = "",
                cron: String = "",
                timezone: String = "",
                enabled: Bool = false,
                overlap: String = "",
                catchUpWindowSeconds: Int32 = 0,
                nextRunAt: String = "",
                lastRunAt: String = "",
                lastStatus: String = "",
                lastRunId: String = "") {
        self.name = name
        self.service = service
        self.cron = cron
        self.timezone = timezone
        self.enabled = enabled
        self.overlap = overlap
        self.catchUpWindowSeconds = catchUpWindowSeconds
        self.nextRunAt = nextRunAt
        self.lastRunAt = lastRunAt
        self.lastStatus = lastStatus
        self.lastRunId = lastRunId
    }
}
