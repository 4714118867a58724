import ProtoBridge

/// Answer of `ReleaseCodes` (proto `code_inventory.ReleaseCodesReply`).
public struct ReleaseCodesReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.ReleaseCodesReply"
    public var released: [String]
    public var failed: [CodeFailure]

    public init(released: [String] = [], failed: [CodeFailure] = []) {
        self.released = released
        self.failed = failed
    }
}
