import ProtoBridge

/// Method "RetryClaimJob" (admin): a dead or failed job goes back to the queue with fresh attempts (proto `claimer.RetryClaimJobRequest`).
public struct RetryClaimJobRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.RetryClaimJobRequest"
    public var id: String

    public init(id: String = "") {
        self.id = id
    }
}
