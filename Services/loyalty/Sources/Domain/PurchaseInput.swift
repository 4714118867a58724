import ServiceKit

/// A validated cashier request: card, store and purchase amount (and points for a redemption).
public struct PurchaseInput: Sendable, Equatable {
    public var card: String
    public var storeId: Int32
    public var kopecks: Int64
    public var points: Int

    /// The largest points value anyone could ask for (20% of the largest purchase).
    static let maxPoints = Int(Kopecks.maximum / 500)

    /// Validates every field at once, so a client sees all its mistakes together.
    public static func validate(card: String, storeId: Int32, amount: String, points: Int32? = nil) throws -> PurchaseInput {
        var violations: [Violation] = []
        let normalizedCard = CardNumber.normalized(card)
        if normalizedCard == nil { violations.append(Violation("card", card.isEmpty ? "is required" : "must be 6 digits")) }
        if storeId <= 0 { violations.append(Violation("storeId", "must be a positive store id")) }
        var kopecks: Int64?
        if amount.isEmpty {
            violations.append(Violation("amount", "is required"))
        } else {
            switch Kopecks.read(amount) {
            case .failure(let problem): violations.append(Violation("amount", Kopecks.explain(problem)))
            case .success(let value) where value <= 0: violations.append(Violation("amount", "must be more than 0"))
            case .success(let value): kopecks = value
            }
        }
        if let points {
            if points <= 0 {
                violations.append(Violation("points", "must be at least 1"))
            } else if let kopecks, Int(points) > CashbackRules.maxRedeemable(purchaseKopecks: kopecks) {
                violations.append(Violation("points", "at most \(CashbackRules.maxRedeemable(purchaseKopecks: kopecks)) (20% of the purchase)"))
            }
        }
        guard violations.isEmpty, let normalizedCard, let kopecks else { throw LoyaltyError.invalid(violations) }
        return PurchaseInput(card: normalizedCard, storeId: storeId, kopecks: kopecks, points: Int(points ?? 0))
    }

    /// The points discount in kopecks (0 for an earn).
    public var discountKopecks: Int64 { Int64(points) * CashbackRules.kopecksPerPoint }

    /// Kopecks actually paid after the points discount.
    public var paidKopecks: Int64 { kopecks - discountKopecks }

    /// The cashback of the purchase: 4% of what is paid (the whole amount for an earn). Earn,
    /// Redeem and PreviewPurchase all take it from here.
    public var cashback: Int { CashbackRules.cashback(paidKopecks: paidKopecks) }
}
