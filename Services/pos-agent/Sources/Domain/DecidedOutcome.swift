import Foundation

/// A discount's outcome and when the agent decided it; the time lets old outcomes be forgotten.
public struct DecidedOutcome: Sendable, Equatable, Codable {
    public var outcome: DiscountOutcome
    public var decidedAt: Date

    public init(_ outcome: DiscountOutcome, decidedAt: Date) {
        self.outcome = outcome
        self.decidedAt = decidedAt
    }
}
