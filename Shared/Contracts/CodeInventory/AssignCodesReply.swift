import ProtoBridge

/// Answer of `AssignCodes` (proto `code_inventory.AssignCodesReply`).
public struct AssignCodesReply: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.AssignCodesReply"
    public var assigned: [String]
    public var failed: [CodeFailure]

    public init(assigned: [String] = [], failed: [CodeFailure] = []) {
        self.assigned = assigned
        self.failed = failed
    }
}
