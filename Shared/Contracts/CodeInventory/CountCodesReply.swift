import ProtoBridge

/// Answer of `CountCodes`; a type not asked for is nil (proto `code_inventory.CountCodesReply`).
public struct CountCodesReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CountCodesReply"
    public var tm: CodeCounts?
    public var external: CodeCounts?

    public init(tm: CodeCounts? = nil, external: CodeCounts? = nil) {
        self.tm = tm
        self.external = external
    }
}
