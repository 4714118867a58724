import Foundation

/// One market as the source describes it, already parsed and checked (prices in millionths).
public struct SourceMarket: Sendable, Equatable {
    public var externalId: String
    public var question: String
    public var slug: String
    public var category: String
    public var endDate: Date?
    public var active: Bool
    public var closed: Bool
    public var outcomes: [String]
    /// Price of each outcome, same order as `outcomes`.
    public var priceMicros: [Int]
    public var volume: Double
    public var liquidity: Double

    public init(externalId: String, question: String, slug: String = "", category: String = "", endDate: Date? = nil,
                active: Bool = true, closed: Bool = false, outcomes: [String], priceMicros: [Int], volume: Double = 0,
                liquidity: Double = 0) {
        self.externalId = externalId
        self.question = question
        self.slug = slug
        self.category = category
        self.endDate = endDate
        self.active = active
        self.closed = closed
        self.outcomes = outcomes
        self.priceMicros = priceMicros
        self.volume = volume
        self.liquidity = liquidity
    }

    /// Open for trading at the source: active and not closed (an inactive market is closed here).
    public var isOpen: Bool { active && !closed }

    /// The winning outcome when the source has settled the market: closed, one outcome at 1 and
    /// every other at 0. A closed market still showing odds is closed, not resolved.
    public var resolvedOutcome: String? {
        guard closed, let winner = priceMicros.firstIndex(of: PriceMicros.one),
              priceMicros.enumerated().allSatisfy({ $0.offset == winner || $0.element == 0 }) else { return nil }
        return outcomes[winner]
    }
}
