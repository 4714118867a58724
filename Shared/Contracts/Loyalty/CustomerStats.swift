import ProtoBridge

/// CustomerStats (proto `loyalty.CustomerStats`).
public struct CustomerStats: ProtoCodable, Equatable {
    public static let protoName = "loyalty.CustomerStats"
    public var card: String
    /// Purchases at the tills (earn and redeem operations).
    public var totalPurchases: Int32
    /// Their receipt totals in roubles ("1234.50").
    public var totalSpent: String
    public var pointsEarned: Int32
    /// Points spent on discounts, net of discounts that failed or expired.
    public var pointsRedeemed: Int32
    /// The last purchase (empty when none).
    public var lastVisitAt: String

    public init(card: String = "",
                totalPurchases: Int32 = 0,
                totalSpent: String = "",
                pointsEarned: Int32 = 0,
                pointsRedeemed: Int32 = 0,
                lastVisitAt: String = "") {
        self.card = card
        self.totalPurchases = totalPurchases
        self.totalSpent = totalSpent
        self.pointsEarned = pointsEarned
        self.pointsRedeemed = pointsRedeemed
        self.lastVisitAt = lastVisitAt
    }
}
