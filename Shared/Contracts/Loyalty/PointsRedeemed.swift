import ProtoBridge

/// Topic "loyalty.points_redeemed" (proto `loyalty.PointsRedeemed`).
public struct PointsRedeemed: ProtoCodable, Equatable {
    public static let protoName = "loyalty.PointsRedeemed"
    public var card: String
    public var storeId: Int32
    public var points: Int32
    public var balance: Int32
    public var entryId: Int64
    public var discountId: Int64
    public var occurredAt: String

    public init(card: String = "",
                storeId: Int32 = 0,
                points: Int32 = 0,
                balance: Int32 = 0,
                entryId: Int64 = 0,
                discountId: Int64 = 0,
                occurredAt: String = "") {
        self.card = card
        self.storeId = storeId
        self.points = points
        self.balance = balance
        self.entryId = entryId
        self.discountId = discountId
        self.occurredAt = occurredAt
    }
}
