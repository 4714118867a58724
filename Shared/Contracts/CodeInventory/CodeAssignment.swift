import ProtoBridge

/// One code given to one user (proto `code_inventory.CodeAssignment`).
public struct CodeAssignment: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodeAssignment"
    public var code: String
    public var userId: String

    public init(code: String = "", userId: String = "") {
        self.code = code
        self.userId = userId
    }
}
