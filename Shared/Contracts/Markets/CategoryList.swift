import ProtoBridge

/// CategoryList (proto `markets.CategoryList`).
public struct CategoryList: ProtoCodable, Equatable {
    public static let protoName = "markets.CategoryList"
    public var categories: [Category]

    public init(categories: [Category] = []) {
        self.categories = categories
    }
}
