/// What one attempt of a run got back from the owning service.
public enum DispatchResult: Sendable, Equatable {
    /// The service ran the job.
    case completed(JobReport)
    /// The call failed: the reply's status code name (`UNAVAILABLE`, `DEADLINE_EXCEEDED`, …) and message.
    case failed(code: String, message: String)
}

/// The service's account of a run (`RunJobReply`).
public struct JobReport: Sendable, Equatable {
    public var partial: Bool
    public var processed: Int64
    public var failed: Int64
    /// Key/value pairs in the service's order.
    public var summary: [(key: String, value: String)]

    public init(partial: Bool, processed: Int64, failed: Int64, summary: [(key: String, value: String)]) {
        self.partial = partial
        self.processed = processed
        self.failed = failed
        self.summary = summary
    }

    public static func == (lhs: JobReport, rhs: JobReport) -> Bool {
        lhs.partial == rhs.partial && lhs.processed == rhs.processed && lhs.failed == rhs.failed
            && lhs.summary.map(\.key) == rhs.summary.map(\.key) && lhs.summary.map(\.value) == rhs.summary.map(\.value)
    }

    /// `{ processed: 5, failed: 0, timestamp: "…" }` for the `[job] Result: …` log line.
    public var logText: String {
        let fields = [("processed", String(processed)), ("failed", String(failed)), ("partial", String(partial))]
            + summary.map { ($0.key, "\"\($0.value)\"") }
        return "{ " + fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }"
    }
}
