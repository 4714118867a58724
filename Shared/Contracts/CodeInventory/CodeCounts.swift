import ProtoBridge

/// Codes of one type by state (proto `code_inventory.CodeCounts`).
public struct CodeCounts: ProtoCodable, Equatable {
    public static let protoName = "code_inventory.CodeCounts"
    public var available: Int32
    public var reserved: Int32
    public var assigned: Int32

    public init(available: Int32 = 0, reserved: Int32 = 0, assigned: Int32 = 0) {
        self.available = available
        self.reserved = reserved
        self.assigned = assigned
    }
}
