import ProtoBridge

/// One run of a job: a scheduled tick (or a manual trigger) and its outcome (proto `scheduler.JobRun`).
public struct JobRun: ProtoCodable, Equatable {
    public static let protoName = "scheduler.JobRun"
    public var id: String
    public var job: String
    /// The tick this run is for (the trigger time for manual runs).
    public var scheduledFor: String
    /// "schedule" or "manual".
    public var trigger: String
    /// running, retrying, succeeded, partial, failed, timed_out, missed, skipped.
    public var status: String
    public var attempt: Int32
    public var nextRetryAt: String
    public var startedAt: String
    public var finishedAt: String
    public var durationMs: Int64
    public var processed: Int64
    public var failed: Int64
    public var summary: [SummaryField]
    public var error: String

    public init(id: String = "",
                job: String = "",
                scheduledFor: String = "",
                trigger: String = "",
                status: String = "",
                attempt: Int32 = 0,
                nextRetryAt: String = "",
                startedAt: String = "",
                finishedAt: String = "",
                durationMs: Int64 = 0,
                processed: Int64 = 0,
                failed: Int64 = 0,
                summary: [SummaryField] = [],
                error: String = "") {
        self.id = id
        self.job = job
        self.scheduledFor = scheduledFor
        self.trigger = trigger
        self.status = status
        self.attempt = attempt
        self.nextRetryAt = nextRetryAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.durationMs = durationMs
        self.processed = processed
        self.failed = failed
        self.summary = summary
        self.error = error
    }
}
