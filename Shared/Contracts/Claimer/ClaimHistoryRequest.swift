import ProtoBridge

/// Method "ClaimHistory": newest first; `before` is the `next_before` of the previous page (proto `claimer.ClaimHistoryRequest`).
public struct ClaimHistoryRequest: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimHistoryRequest"
    public var userId: String
    public var limit: Int32
    public var before: String

    public init(userId: String = "",
                limit: Int32 = 0,
                before: String = "") {
        self.userId = userId
        self.limit = limit
        self.before = before
    }
}
