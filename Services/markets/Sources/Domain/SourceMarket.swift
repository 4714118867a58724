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
    /// The oracle's word on the settlement when the source gives it (Gamma's `umaResolutionStatus`:
    /// `resolved`, or e.g. `proposed` / `disputed` while the result may still change).
    public var resolutionStatus: String?

    public init(
        externalId: String,
        question: String,
        slug: String = "",
        category: String = "",
        endDate: Date? = nil,
        active: Bool = true,
        closed: Bool = false,
        outcomes: [String],
        priceMicros: [Int],
        volume: Double = 0,
        liquidity: Double = 0,
        resolutionStatus: String? = nil
    ) {
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
        self.resolutionStatus = resolutionStatus
    }

    /// Open for trading at the source: active and not closed (an inactive market is closed here).
    public var isOpen: Bool { active && !closed }

    /// How the source has settled the market, in its outcomes' order; nil while it has not:
    /// - closed with one outcome at 1 and every other at 0: that outcome won;
    /// - closed with two outcomes at final prices strictly between 0 and 1 that add up to 1 — 0.5 /
    ///   0.5 (Polymarket's 50-50 settlement), or any such pair once the oracle says `resolved` —
    ///   MKT at the first outcome's price.
    /// A closed market still showing its last odds (0.9995 / 0.0005) is closed, not resolved; while
    /// the oracle's status is given and is not `resolved`, nothing is settled.
    public var resolution: MarketResolution? {
        let oracleResolved = resolutionStatus.map { $0.caseInsensitiveCompare("resolved") == .orderedSame }
        guard closed, oracleResolved ?? true else { return nil }
        if let winner = priceMicros.firstIndex(of: PriceMicros.one),
            priceMicros.enumerated().allSatisfy({ $0.offset == winner || $0.element == 0 })
        {
            return .winner(outcomes[winner])
        }
        guard priceMicros.count == 2, priceMicros[0] + priceMicros[1] == PriceMicros.one,
            MarketResolution.probabilityRange.contains(priceMicros[0]),
            oracleResolved == true || priceMicros[0] == PriceMicros.one / 2
        else { return nil }
        return .market(probabilityMicros: priceMicros[0])
    }

    /// The winning outcome's name, `MKT`, or nil (`resolution`).
    public var resolvedOutcome: String? { resolution?.outcome }
}
