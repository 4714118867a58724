import Foundation
import ServiceKit

/// A validated `PlaceBet`: the market id, the outcome as named by the caller and the stake.
public struct PlaceBetInput: Sendable, Equatable {
    public static let minimumAmount = 10
    public static let maximumAmount = 10_000

    public var marketId: UUID
    public var outcome: String
    public var amount: Int

    /// Every bad field at once. Whether the market and the outcome exist is checked under the lock.
    public static func validate(marketId: String, outcome: String, amount: Int32) throws -> PlaceBetInput {
        var violations: [Violation] = []
        let id = UUID(uuidString: marketId.trimmingSpaces)
        if id == nil { violations.append(Violation("marketId", marketId.isEmpty ? "is required" : "is not a market id")) }
        let name = outcome.trimmingSpaces
        if name.isEmpty { violations.append(Violation("outcome", "is required")) }
        if name.count > 100 { violations.append(Violation("outcome", "is not an outcome of this market")) }
        if !(Int32(minimumAmount)...Int32(maximumAmount)).contains(amount) {
            violations.append(Violation("amount", "must be a whole number of credits between \(minimumAmount) and \(maximumAmount)"))
        }
        guard let id, violations.isEmpty else { throw BettingError.invalid(violations) }
        return PlaceBetInput(marketId: id, outcome: name, amount: Int(amount))
    }
}
