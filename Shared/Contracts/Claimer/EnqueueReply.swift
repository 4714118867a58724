import ProtoBridge

/// What an enqueue did with the codes it was given (proto `claimer.EnqueueReply`).
public struct EnqueueReply: ProtoCodable, Equatable {
    public static let protoName = "claimer.EnqueueReply"
    public var userId: String
    /// New jobs.
    public var enqueued: Int32
    /// Codes with a job waiting or running already (the job is not duplicated).
    public var alreadyQueued: Int32
    /// Codes the user has claimed before (never claimed twice).
    public var alreadyClaimed: Int32
    public var jobIds: [String]

    public init(userId: String = "",
                enqueued: Int32 = 0,
                alreadyQueued: Int32 = 0,
                alreadyClaimed: Int32 = 0,
                jobIds: [String] = []) {
        self.userId = userId
        self.enqueued = enqueued
        self.alreadyQueued = alreadyQueued
        self.alreadyClaimed = alreadyClaimed
        self.jobIds = jobIds
    }
}
