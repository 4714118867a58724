import ProtoBridge

/// Method "ListMyBets" (proto `markets.ListMyBetsRequest`).
public struct ListMyBetsRequest: ProtoCodable, Equatable {
    public static let protoName = "markets.ListMyBetsRequest"
    public var status: String
    public var limit: Int32
    public var cursor: String

    public init(status: String = "",
                limit: Int32 = 0,
                cursor: String = "") {
        self.status = status
        self.limit = limit
        self.cursor = cursor
    }
}
