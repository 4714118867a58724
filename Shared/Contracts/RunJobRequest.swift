import ProtoBridge

/// Request of the `RunJob` method: run one scheduled job now (proto `platform.RunJobRequest`).
public struct RunJobRequest: ProtoCodable, Equatable {
    public static let protoName = "platform.RunJobRequest"
    public var job: String
    public var scheduledForUnixMs: Int64
    public var runId: String

    public init(job: String, scheduledForUnixMs: Int64 = 0, runId: String = "") {
        self.job = job
        self.scheduledForUnixMs = scheduledForUnixMs
        self.runId = runId
    }
}
