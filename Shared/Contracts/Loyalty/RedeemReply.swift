import ProtoBridge

/// RedeemReply (proto `loyalty.RedeemReply`).
public struct RedeemReply: ProtoCodable, Equatable {
    public static let protoName = "loyalty.RedeemReply"
    public var transactionId: Int64
    public var pointsRedeemed: Int32
    public var pointsEarned: Int32
    public var balance: Int32
    public var discountId: Int64

    public init(transactionId: Int64 = 0,
                pointsRedeemed: Int32 = 0,
                pointsEarned: Int32 = 0,
                balance: Int32 = 0,
                discountId: Int64 = 0) {
        self.transactionId = transactionId
        self.pointsRedeemed = pointsRedeemed
        self.pointsEarned = pointsEarned
        self.balance = balance
        self.discountId = discountId
    }
}
