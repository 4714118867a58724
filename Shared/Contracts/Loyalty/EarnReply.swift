import ProtoBridge

/// EarnReply (proto `loyalty.EarnReply`).
public struct EarnReply: ProtoCodable, Equatable {
    public static let protoName = "loyalty.EarnReply"
    public var transactionId: Int64
    public var pointsEarned: Int32
    public var balance: Int32

    public init(transactionId: Int64 = 0,
                pointsEarned: Int32 = 0,
                balance: Int32 = 0) {
        self.transactionId = transactionId
        self.pointsEarned = pointsEarned
        self.balance = balance
    }
}
