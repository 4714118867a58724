import ProtoBridge

/// ClaimHistoryReply (proto `claimer.ClaimHistoryReply`).
public struct ClaimHistoryReply: ProtoCodable, Equatable {
    public static let protoName = "claimer.ClaimHistoryReply"
    public var userId: String
    public var records: [ClaimRecord]
    /// Empty on the last page.
    public var nextBefore: String

    public init(userId: String = "",
                records: [ClaimRecord] = [],
                nextBefore: String = "") {
        self.userId = userId
        self.records = records
        self.nextBefore = nextBefore
    }
}
