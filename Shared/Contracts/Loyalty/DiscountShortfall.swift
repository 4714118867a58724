import ProtoBridge

/// Topic "loyalty.discount_shortfall": a till applied a discount after its points had been refunded, and the balance no longer covered it (proto `loyalty.DiscountShortfall`).
public struct DiscountShortfall: ProtoCodable, Equatable {
    public static let protoName = "loyalty.DiscountShortfall"
    public var discountId: Int64
    public var storeId: Int32
    public var card: String
    /// The discount's points, those taken again, and the rest nobody paid.
    public var points: Int32
    public var redebited: Int32
    public var shortfall: Int32
    public var occurredAt: String

    public init(discountId: Int64 = 0,
                storeId: Int32 = 0,
                card: String = "",
                points: Int32 = 0,
                redebited: Int32 = 0,
                shortfall: Int32 = 0,
                occurredAt: String = "") {
        self.discountId = discountId
        self.storeId = storeId
        self.card = card
        self.points = points
        self.redebited = redebited
        self.shortfall = shortfall
        self.occurredAt = occurredAt
    }
}
