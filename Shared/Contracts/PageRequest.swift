import ProtoBridge

/// Paging of a list request (proto `platform.PageRequest`).
public struct PageRequest: ProtoCodable, Equatable {
    public static let protoName = "platform.PageRequest"
    public var limit: Int32
    public var cursor: String

    public init(limit: Int32 = 0, cursor: String = "") {
        self.limit = limit
        self.cursor = cursor
    }
}
