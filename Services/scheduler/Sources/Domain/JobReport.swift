/// The service's account of a run (`RunJobReply`).
public struct JobReport: Sendable, Equatable {
    public var partial: Bool
    public var processed: Int64
    public var failed: Int64
    /// Key/value pairs in the service's order.
    public var summary: [SummaryEntry]

    public init(partial: Bool, processed: Int64, failed: Int64, summary: [SummaryEntry]) {
        self.partial = partial
        self.processed = processed
        self.failed = failed
        self.summary = summary
    }

    /// `{ processed: 5, failed: 0, timestamp: "…" }` for the `[job] Result: …` log line.
    public var logText: String {
        let fields =
            [("processed", String(processed)), ("failed", String(failed)), ("partial", String(partial))]
            + summary.map { ($0.key, "\"\($0.value)\"") }
        return "{ " + fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }"
    }
}
