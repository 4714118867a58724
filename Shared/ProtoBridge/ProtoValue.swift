/// The value of one field of a dynamic message.
public indirect enum ProtoValue: Sendable, Equatable {
    case int(Int64)  // int32, sint32, sfixed32, int64, sint64, sfixed64
    case uint(UInt64)  // uint32, fixed32, uint64, fixed64
    case double(Double)  // float, double
    case bool(Bool)
    case enumeration(Int32)
    case string(String)
    case bytes([UInt8])
    case message(ProtoMessage)
    case list([ProtoValue])
}

extension ProtoValue {
    /// The zero value proto3 gives an unset singular field of this kind.
    static func zero(for field: ProtoField) -> ProtoValue? {
        if field.isRepeated { return .list([]) }
        switch field.kind {
        case .int32, .sint32, .sfixed32, .int64, .sint64, .sfixed64: return .int(0)
        case .uint32, .fixed32, .uint64, .fixed64: return .uint(0)
        case .float, .double: return .double(0)
        case .bool: return .bool(false)
        case .enumeration: return .enumeration(0)
        case .string: return .string("")
        case .bytes: return .bytes([])
        case .message: return nil
        }
    }
}
