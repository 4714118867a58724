/// Outbox topics of betting: `<service>.<event>` (`markets.bet_placed`, `markets.market_resolved`,
/// `markets.market_unresolved`).
public struct BettingTopics: Sendable {
    public let service: String

    public init(service: String) { self.service = service }

    public var betPlaced: String { "\(service).bet_placed" }
    public var marketResolved: String { "\(service).market_resolved" }
    public var marketUnresolved: String { "\(service).market_unresolved" }
}
