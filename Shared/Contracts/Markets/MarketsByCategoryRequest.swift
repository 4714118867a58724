import ProtoBridge

/// Method "MarketsByCategory" (proto `markets.MarketsByCategoryRequest`).
public struct MarketsByCategoryRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.MarketsByCategoryRequest"
    public var slug: String
    public var limit: Int32
    public var cursor: String

    public init(slug: String = "",
                limit: Int32 = 0,
                cursor: String = "") {
        self.slug = slug
        self.limit = limit
        self.cursor = cursor
    }
}
