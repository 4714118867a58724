import ProtoBridge

/// Topic "loyalty.points_expired" (proto `loyalty.PointsExpired`).
public struct PointsExpired: ProtoCodable, Equatable {
    public static let protoName = "loyalty.PointsExpired"
    public var card: String
    public var points: Int32
    public var balance: Int32
    public var entryId: Int64
    public var occurredAt: String

    public init(card: String = "",
                points: Int32 = 0,
                balance: Int32 = 0,
                entryId: Int64 = 0,
                occurredAt: String = "") {
        self.card = card
        self.points = points
        self.balance = balance
        self.entryId = entryId
        self.occurredAt = occurredAt
    }
}
