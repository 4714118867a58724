import ProtoBridge

/// ClaimStatusReply (proto `claimer.ClaimStatusReply`).
public struct ClaimStatusReply: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimStatusReply"
    public var userId: String
    public var queued: Int32
    public var delayed: Int32
    public var active: Int32
    public var claimed: Int32
    public var skipped: Int32
    public var failed: Int32
    public var dead: Int32
    /// RFC 3339; empty when the user has no activity.
    public var lastActivityAt: String
    public var hasApiKey: Bool

    public init(userId: String = "",
                queued: Int32 = 0,
                delayed: Int32 = 0,
                active: Int32 = 0,
                claimed: Int32 = 0,
                skipped: Int32 = 0,
                failed: Int32 = 0,
                dead: Int32 = 0,
                lastActivityAt: String = "",
                hasApiKey: Bool = false) {
        self.userId = userId
        self.queued = queued
        self.delayed = delayed
        self.active = active
        self.claimed = claimed
        self.skipped = skipped
        self.failed = failed
        self.dead = dead
        self.lastActivityAt = lastActivityAt
        self.hasApiKey = hasApiKey
    }
}
