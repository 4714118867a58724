import ProtoBridge

/// Market (proto `markets.Market`).
public struct Market: ProtoCodable, Equatable {
    public static let protoName = "markets.Market"
    public var id: String
    public var question: String
    public var category: String
    /// open, closed, resolved, cancelled
    public var status: String
    public var outcomes: [Outcome]
    public var closeTime: String
    /// polymarket or admin
    public var source: String
    public var slug: String
    public var externalId: String
    public var volume: Double
    public var liquidity: Double
    /// An outcome's name, CANCEL or MKT once settled.
    public var resolvedOutcome: String
    public var updatedAt: String
    /// MKT: what a share of the first outcome paid, in millionths (the second's paid the rest); else 0.
    public var resolutionProbabilityMicros: Int32

    public init(id: String = "",
                question: String = "",
                category: String = "",
                status: String = "",
                outcomes: [Outcome] = [],
                closeTime: String = "",
                source: String = "",
                slug: String = "",
                externalId: String = "",
                volume: Double = 0,
                liquidity: Double = 0,
                resolvedOutcome: String = "",
                updatedAt: String = "",
                resolutionProbabilityMicros: Int32 = 0) {
        self.id = id
        self.question = question
        self.category = category
        self.status = status
        self.outcomes = outcomes
        self.closeTime = closeTime
        self.source = source
        self.slug = slug
        self.externalId = externalId
        self.volume = volume
        self.liquidity = liquidity
        self.resolvedOutcome = resolvedOutcome
        self.updatedAt = updatedAt
        self.resolutionProbabilityMicros = resolutionProbabilityMicros
    }
}
