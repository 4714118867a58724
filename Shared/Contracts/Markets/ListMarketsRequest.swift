import ProtoBridge

/// Method "ListMarkets": filters, then cursor (or offset) paging (proto `markets.ListMarketsRequest`).
public struct ListMarketsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListMarketsRequest"
    public var category: String
    public var status: String
    public var search: String
    public var limit: Int32
    public var cursor: String
    public var offset: Int32

    public init(category: String = "",
                status: String = "",
                search: String = "",
                limit: Int32 = 0,
                cursor: String = "",
                offset: Int32 = 0) {
        self.category = category
        self.status = status
        self.search = search
        self.limit = limit
        self.cursor = cursor
        self.offset = offset
    }
}
