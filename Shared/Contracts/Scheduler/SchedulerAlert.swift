import ProtoBridge

/// An alert: a run longer than the limit, or a job failing more than allowed in 24 h. Also the payload of the event "scheduler.alert" (proto `scheduler.SchedulerAlert`).
public struct SchedulerAlert: ProtoCodable, Equatable {
    public static let protoName = "scheduler.SchedulerAlert"
    public var id: String
    public var job: String
    /// "long_run" or "failure_rate".
    public var kind: String
    public var message: String
    /// The run that raised it (empty for failure_rate).
    public var runId: String
    public var createdAt: String

    public init(id: String = "",
                job: String = "",
                kind: String = "",
                message: String = "",
                runId: String = "",
                createdAt: String = "") {
        self.id = id
        self.job = job
        self.kind = kind
        self.message = message
        self.runId = runId
        self.createdAt = createdAt
    }
}
