import Foundation

/// A market's odds as the source gave them, and when.
public struct OddsSnapshot: Sendable, Equatable {
    public var outcomes: [OutcomeRecord]
    public var fetchedAt: Date

    public init(outcomes: [OutcomeRecord], fetchedAt: Date) {
        self.outcomes = outcomes
        self.fetchedAt = fetchedAt
    }
}
