import ProtoBridge

/// A job of the queue as admins see it (proto `claimer.ClaimJobInfo`).
public struct ClaimJobInfo: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimJobInfo"
    public var id: String
    public var userId: String
    public var code: String
    /// queued | delayed | active | completed | failed | dead | cancelled
    public var state: String
    public var priority: Int32
    public var attempts: Int32
    public var lastError: String
    public var runAt: String
    public var createdAt: String
    public var updatedAt: String
    /// claimed | skipped (completed jobs)
    public var outcome: String

    public init(id: String = "",
                userId: String = "",
                code: String = "",
                state: String = "",
                priority: Int32 = 0,
                attempts: Int32 = 0,
                lastError: String = "",
                runAt: String = "",
                createdAt: String = "",
                updatedAt: String = "",
                outcome: String = "") {
        self.id = id
        self.userId = userId
        self.code = code
        self.state = state
        self.priority = priority
        self.attempts = attempts
        self.lastError = lastError
        self.runAt = runAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.outcome = outcome
    }
}
