import ProtoBridge

/// Answer of the `RunJob` method (proto `platform.RunJobReply`).
public struct RunJobReply: ProtoCodable, Equatable {
    public static let protoName = "platform.RunJobReply"
    public var job: String
    public var partial: Bool
    public var processed: Int64
    public var failed: Int64
    public var summary: [JobSummaryField]
    public var durationMs: Int64

    public init(job: String, partial: Bool = false, processed: Int64 = 0, failed: Int64 = 0,
                summary: [JobSummaryField] = [], durationMs: Int64 = 0) {
        self.job = job
        self.partial = partial
        self.processed = processed
        self.failed = failed
        self.summary = summary
        self.durationMs = durationMs
    }
}
