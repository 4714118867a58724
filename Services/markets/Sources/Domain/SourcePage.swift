/// One page of a market listing from the source: the markets that passed the checks and the ones
/// refused (kept to be counted and logged; the rest of the page is not lost for them).
public struct SourcePage: Sendable, Equatable {
    /// A market the source sent that cannot be stored, and why.
    public struct Rejection: Sendable, Equatable {
        public var id: String
        public var reason: String

        public init(id: String, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    public var markets: [SourceMarket]
    public var rejected: [Rejection]

    public init(markets: [SourceMarket], rejected: [Rejection] = []) {
        self.markets = markets
        self.rejected = rejected
    }

    /// How many elements the source sent: a page shorter than asked for is the last.
    public var count: Int { markets.count + rejected.count }
}
