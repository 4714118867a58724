import ProtoBridge

/// Method "CreateMarket" (admin): a market priced by a constant-product market maker (proto `markets.CreateMarketRequest`).
public struct CreateMarketRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.CreateMarketRequest"
    public var question: String
    public var category: String
    public var outcomes: [String]
    public var initialProbability: Double
    public var liquidity: Int32
    public var closeTime: String

    public init(question: String = "",
                category: String = "",
                outcomes: [String] = [],
                initialProbability: Double = 0,
                liquidity: Int32 = 0,
                closeTime: String = "") {
        self.question = question
        self.category = category
        self.outcomes = outcomes
        self.initialProbability = initialProbability
        self.liquidity = liquidity
        self.closeTime = closeTime
    }
}
