import Foundation

/// One stored run.
public struct RunRecord: Sendable, Equatable {
    public var id: UUID
    public var job: String
    public var scheduledFor: Date
    public var manual: Bool
    public var status: RunStatus
    public var attempt: Int
    public var nextRetryAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var durationMs: Int64?
    public var processed: Int64
    public var failed: Int64
    public var summary: [SummaryEntry]
    public var error: String
}
