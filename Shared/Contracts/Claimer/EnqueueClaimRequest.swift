import ProtoBridge

/// Method "EnqueueClaim" (ClaimJob; services and admins): one code, lower priority number first (proto `claimer.EnqueueClaimRequest`).
public struct EnqueueClaimRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.EnqueueClaimRequest"
    public var userId: String
    public var code: String
    public var priority: Int32

    public init(userId: String = "",
                code: String = "",
                priority: Int32 = 0) {
        self.userId = userId
        self.code = code
        self.priority = priority
    }
}
