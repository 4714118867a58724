import ProtoBridge

/// Category (proto `markets.Category`).
public struct Category: ProtoCodable, Equatable {
    public static let protoName = "markets.Category"
    public var slug: String
    public var name: String
    public var markets: Int32

    public init(slug: String = "",
                name: String = "",
                markets: Int32 = 0) {
        self.slug = slug
        self.name = name
        self.markets = markets
    }
}
