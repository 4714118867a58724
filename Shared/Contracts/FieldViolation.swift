import ProtoBridge

/// One invalid field of a request (proto `platform.FieldViolation`).
public struct FieldViolation: ProtoCodable, Equatable {
    public static let protoName = "platform.FieldViolation"
    public var field: String
    public var description: String

    public init(field: String, description: String) {
        self.field = field
        self.description = description
    }
}
