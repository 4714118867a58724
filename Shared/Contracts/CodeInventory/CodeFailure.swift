import ProtoBridge

/// A code a request could not act on, with a machine-readable reason (proto `code_inventory.CodeFailure`).
public struct CodeFailure: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodeFailure"
    public var code: String
    public var reason: String

    public init(code: String = "", reason: String = "") {
        self.code = code
        self.reason = reason
    }
}
