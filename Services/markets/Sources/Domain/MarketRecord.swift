import Foundation

/// One stored market with its outcomes in order.
public struct MarketRecord: Sendable, Equatable {
    public var id: UUID
    public var externalId: String?
    /// `polymarket` or `admin`.
    public var source: String
    public var question: String
    public var slug: String
    public var category: String
    public var categorySlug: String
    /// open, closed, resolved, cancelled.
    public var status: String
    public var closeTime: Date?
    public var volume: Double
    public var liquidity: Double
    /// An outcome's name, CANCEL or MKT once settled.
    public var resolvedOutcome: String?
    /// MKT: what a share of the first outcome paid, in millionths.
    public var resolutionMicros: Int?
    /// CPMM weight (admin markets).
    public var cpmmP: Double?
    public var createdAt: Date
    public var updatedAt: Date
    public var outcomes: [OutcomeRecord]

    public static let polymarket = "polymarket"
    public static let admin = "admin"

    public init(
        id: UUID,
        externalId: String?,
        source: String,
        question: String,
        slug: String,
        category: String,
        categorySlug: String,
        status: String,
        closeTime: Date?,
        volume: Double,
        liquidity: Double,
        resolvedOutcome: String?,
        resolutionMicros: Int? = nil,
        cpmmP: Double?,
        createdAt: Date,
        updatedAt: Date,
        outcomes: [OutcomeRecord]
    ) {
        self.id = id
        self.externalId = externalId
        self.source = source
        self.question = question
        self.slug = slug
        self.category = category
        self.categorySlug = categorySlug
        self.status = status
        self.closeTime = closeTime
        self.volume = volume
        self.liquidity = liquidity
        self.resolvedOutcome = resolvedOutcome
        self.resolutionMicros = resolutionMicros
        self.cpmmP = cpmmP
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.outcomes = outcomes
    }

    /// Resolved and cancelled markets are settled: ingestion leaves them alone.
    public var isSettled: Bool { status == "resolved" || status == "cancelled" }

    /// Current prices: a CPMM market's from its pools, any other's as stored.
    public var currentOutcomes: [OutcomeRecord] {
        guard let p = cpmmP, outcomes.count == 2, let yesPool = outcomes[0].poolMicros, let noPool = outcomes[1].poolMicros else {
            return outcomes
        }
        let prices = CPMM.prices(p: p, yesPool: yesPool, noPool: noPool)
        return [
            OutcomeRecord(name: outcomes[0].name, priceMicros: prices.yes, poolMicros: yesPool),
            OutcomeRecord(name: outcomes[1].name, priceMicros: prices.no, poolMicros: noPool),
        ]
    }
}
