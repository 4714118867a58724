@testable import ProtoBridge

/// Builds a message of any type with every field set to a non-default value, from its descriptor.
enum SampleMessages {
    static func sample(_ type: ProtoType, seed: Int = 1, depth: Int = 0) -> ProtoMessage {
        var message = ProtoMessage(type: type)
        for (position, field) in type.fields.enumerated() {
            let n = seed + position
            if field.isRepeated {
                let items = (0..<2).compactMap { value(field, seed: n + $0, depth: depth) }
                message.fields[field.name] = .list(items)
            } else if let v = value(field, seed: n, depth: depth) {
                message.fields[field.name] = v
            }
        }
        return message
    }

    private static func value(_ field: ProtoField, seed: Int, depth: Int) -> ProtoValue? {
        switch field.kind {
        case .int32, .sint32, .sfixed32: return .int(Int64(-seed * 1000))
        case .int64, .sint64, .sfixed64: return .int(Int64.max - Int64(seed))
        case .uint32, .fixed32: return .uint(UInt64(seed) + 4_000_000_000)
        case .uint64, .fixed64: return .uint(UInt64.max - UInt64(seed))
        case .float: return .double(1.5)
        case .double: return .double(-2.25 * Double(seed))
        case .bool: return .bool(true)
        case .enumeration: return .enumeration(Int32(seed % 5 + 1))
        case .string: return .string("v\(seed) «ü» \"q\" \\ \n")
        case .bytes: return .bytes([0, 1, 2, 255, UInt8(seed % 256)])
        case .message:
            guard depth < 3, let type = field.messageType else { return nil }
            return .message(sample(type, seed: seed + 7, depth: depth + 1))
        }
    }
}
