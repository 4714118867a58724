import ProtoBridge

/// Method "EnqueueBulkClaim" (BulkClaimJob; services and admins) (proto `claimer.EnqueueBulkClaimRequest`).
public struct EnqueueBulkClaimRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.EnqueueBulkClaimRequest"
    public var userId: String
    public var codes: [String]

    public init(userId: String = "",
                codes: [String] = []) {
        self.userId = userId
        self.codes = codes
    }
}
