/// The earning and spending rules of the programme, with their rounding named.
public enum CashbackRules {
    /// Cashback: 4% of what the customer paid.
    public static let cashbackPercent: Int64 = 4
    /// At most 20% of a purchase may be paid with points.
    public static let maxDiscountPercent: Int64 = 20
    /// 1 point = 1 rouble = 100 kopecks.
    public static let kopecksPerPoint: Int64 = 100

    /// 4% of `paidKopecks` in whole points, rounded half up (12.50 ₽ → 0.5 → 1; 12.49 ₽ → 0).
    public static func cashback(paidKopecks: Int64) -> Int {
        guard paidKopecks > 0 else { return 0 }
        let divisor = 100 * kopecksPerPoint
        return Int((paidKopecks * cashbackPercent + divisor / 2) / divisor)
    }

    /// The most points a purchase may take: 20% of it, rounded down to whole points.
    public static func maxRedeemable(purchaseKopecks: Int64) -> Int {
        guard purchaseKopecks > 0 else { return 0 }
        return Int(purchaseKopecks * maxDiscountPercent / (100 * kopecksPerPoint))
    }

    /// The most points a purchase can take from `available` points: the 20% cap or the balance,
    /// whichever is less.
    public static func maxPoints(purchaseKopecks: Int64, available: Int) -> Int {
        max(0, min(available, maxRedeemable(purchaseKopecks: purchaseKopecks)))
    }
}
