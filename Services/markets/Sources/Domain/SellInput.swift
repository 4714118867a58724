import Foundation
import ServiceKit

/// A validated `SellBet`: the bet and how many micro-shares to sell (nil: everything held).
public struct SellInput: Sendable, Equatable {
    public var betId: UUID
    public var sharesMicros: Int64?

    public static func validate(betId: String, shares: String) throws -> SellInput {
        var violations: [Violation] = []
        let id = UUID(uuidString: betId.trimmingSpaces)
        if id == nil { violations.append(Violation("betId", betId.isEmpty ? "is required" : "is not a bet id")) }
        var amount: Int64?
        let text = shares.trimmingSpaces
        if !text.isEmpty {
            amount = MicroShares.parse(text)
            if amount == nil {
                violations.append(Violation("shares", "must be a positive decimal with at most \(MicroShares.fractionDigits) fraction digits"))
            } else if amount == 0 {
                violations.append(Violation("shares", "must be more than 0"))
            }
        }
        guard let id, violations.isEmpty else { throw BettingError.invalid(violations) }
        return SellInput(betId: id, sharesMicros: amount)
    }
}
