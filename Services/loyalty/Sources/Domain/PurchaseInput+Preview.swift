import ServiceKit

extension PurchaseInput {
    /// A PreviewPurchase request, validated as the Earn or Redeem it previews would be (the same
    /// violations, such as points above 20% of the purchase), every mistake at once. `points` 0
    /// asks for the most the purchase can take; it is settled when the balance is known.
    public static func validatePreview(
        card: String,
        storeId: Int32,
        amount: String,
        operation: String,
        points: Int32
    ) throws -> (input: PurchaseInput, kind: LedgerKind) {
        var violations: [Violation] = []
        let kind: LedgerKind?
        switch operation {
        case LedgerKind.earn.rawValue: kind = .earn
        case LedgerKind.redeem.rawValue: kind = .redeem
        default:
            kind = nil
            violations.append(Violation("operation", operation.isEmpty ? "is required" : "must be \"earn\" or \"redeem\""))
        }
        if points < 0 { violations.append(Violation("points", "must be at least 1, or 0 for the most the purchase can take")) }
        if kind == .earn && points != 0 { violations.append(Violation("points", "only with operation \"redeem\"")) }
        var input: PurchaseInput?
        do {
            input = try validate(card: card, storeId: storeId, amount: amount, points: kind == .redeem && points > 0 ? points : nil)
        } catch LoyaltyError.invalid(let others) {
            violations += others.filter { other in !violations.contains { $0.field == other.field } }
        }
        guard violations.isEmpty, let input, let kind else { throw LoyaltyError.invalid(violations) }
        return (input, kind)
    }
}
