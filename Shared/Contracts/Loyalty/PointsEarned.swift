import ProtoBridge

/// Topic "loyalty.points_earned" (proto `loyalty.PointsEarned`).
public struct PointsEarned: ProtoCodable, Equatable {
    public static let protoName = "loyalty.PointsEarned"
    public var card: String
    public var storeId: Int32
    public var points: Int32
    public var balance: Int32
    public var entryId: Int64
    public var occurredAt: String
    public var expiresAt: String

    public init(card: String = "",
                storeId: Int32 = 0,
                points: Int32 = 0,
                balance: Int32 = 0,
                entryId: Int64 = 0,
                occurredAt: String = "",
                expiresAt: String = "") {
        self.card = card
        self.storeId = storeId
        self.points = points
        self.balance = balance
        self.entryId = entryId
        self.occurredAt = occurredAt
        self.expiresAt = expiresAt
    }
}
