import ProtoBridge

/// DeleteApiKeyReply (proto `claimer.DeleteApiKeyReply`).
public struct DeleteApiKeyReply: ProtoCodable, Equatable {
    public static let protoName = "claimer.DeleteApiKeyReply"
    public var userId: String
    public var keyDeleted: Bool
    public var jobsCancelled: Int32

    public init(userId: String = "",
                keyDeleted: Bool = false,
                jobsCancelled: Int32 = 0) {
        self.userId = userId
        self.keyDeleted = keyDeleted
        self.jobsCancelled = jobsCancelled
    }
}
