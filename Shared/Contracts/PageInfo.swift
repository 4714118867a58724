import ProtoBridge

/// Where a page ends (proto `platform.PageInfo`).
public struct PageInfo: ProtoCodable, Equatable {
    public static let protoName = "platform.PageInfo"
    public var nextCursor: String
    public var total: Int64

    public init(nextCursor: String = "", total: Int64 = 0) {
        self.nextCursor = nextCursor
        self.total = total
    }
}
