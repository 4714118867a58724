import ProtoBridge

/// Method "ClaimStatus" (proto `claimer.ClaimStatusRequest`).
public struct ClaimStatusRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimStatusRequest"
    public var userId: String

    public init(userId: String = "") {
        self.userId = userId
    }
}
