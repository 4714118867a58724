import ProtoBridge

/// Method "ListCategories" (proto `markets.ListCategoriesRequest`).
public struct ListCategoriesRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListCategoriesRequest"

    public init() {}
}
