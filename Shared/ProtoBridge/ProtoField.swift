import CProtobufC

/// One field of a message type, read from its protobuf-c field descriptor.
public struct ProtoField: @unchecked Sendable {
    let descriptor: UnsafePointer<ProtobufCFieldDescriptor>
    /// Name as written in the .proto file (`request_id`).
    public let name: String
    /// proto3 JSON name: lowerCamelCase of the proto name (`requestId`).
    public let jsonName: String
    public let kind: Kind
    public let isRepeated: Bool
    /// True for members of a `oneof`: the case word at `quantifier_offset` says which is set.
    public let isOneofMember: Bool

    // Read once: conversions look these up for every field of every message.
    init(_ descriptor: UnsafePointer<ProtobufCFieldDescriptor>) {
        self.descriptor = descriptor
        name = String(cString: descriptor.pointee.name)
        jsonName = ProtoField.lowerCamelCase(name)
        kind = ProtoField.kind(of: descriptor.pointee.type)
        isRepeated = descriptor.pointee.label == PROTOBUF_C_LABEL_REPEATED
        isOneofMember = descriptor.pointee.flags & UInt32(PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue) != 0
    }

    /// The scalar kinds protobuf knows, folded to how they are stored and shown.
    public enum Kind: Sendable, Equatable {
        case int32, sint32, sfixed32, int64, sint64, sfixed64
        case uint32, fixed32, uint64, fixed64
        case float, double, bool, enumeration, string, bytes, message
    }

    /// Field number.
    public var number: UInt32 { descriptor.pointee.id }

    /// True for proto2 `optional` scalars, which carry a `has_` flag.
    public var hasPresenceFlag: Bool { descriptor.pointee.label == PROTOBUF_C_LABEL_OPTIONAL }

    static func kind(of type: ProtobufCType) -> Kind {
        switch type {
        case PROTOBUF_C_TYPE_INT32: return .int32
        case PROTOBUF_C_TYPE_SINT32: return .sint32
        case PROTOBUF_C_TYPE_SFIXED32: return .sfixed32
        case PROTOBUF_C_TYPE_INT64: return .int64
        case PROTOBUF_C_TYPE_SINT64: return .sint64
        case PROTOBUF_C_TYPE_SFIXED64: return .sfixed64
        case PROTOBUF_C_TYPE_UINT32: return .uint32
        case PROTOBUF_C_TYPE_FIXED32: return .fixed32
        case PROTOBUF_C_TYPE_UINT64: return .uint64
        case PROTOBUF_C_TYPE_FIXED64: return .fixed64
        case PROTOBUF_C_TYPE_FLOAT: return .float
        case PROTOBUF_C_TYPE_DOUBLE: return .double
        case PROTOBUF_C_TYPE_BOOL: return .bool
        case PROTOBUF_C_TYPE_ENUM: return .enumeration
        case PROTOBUF_C_TYPE_STRING: return .string
        case PROTOBUF_C_TYPE_BYTES: return .bytes
        default: return .message
        }
    }

    /// The nested message type of a `message` field.
    public var messageType: ProtoType? {
        guard kind == .message, let raw = descriptor.pointee.descriptor else { return nil }
        return ProtoType(raw.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
    }

    /// The enum type of an `enumeration` field.
    public var enumType: ProtoEnumType? {
        guard kind == .enumeration, let raw = descriptor.pointee.descriptor else { return nil }
        return ProtoEnumType(raw.assumingMemoryBound(to: ProtobufCEnumDescriptor.self))
    }

    var offset: Int { Int(descriptor.pointee.offset) }
    var quantifierOffset: Int { Int(descriptor.pointee.quantifier_offset) }

    /// Bytes one element occupies in the C struct or in a repeated array.
    var elementSize: Int {
        switch kind {
        case .int32, .sint32, .sfixed32, .uint32, .fixed32, .float, .enumeration:
            return 4
        case .bool:
            return MemoryLayout<protobuf_c_boolean>.size
        case .int64, .sint64, .sfixed64, .uint64, .fixed64, .double:
            return 8
        case .string, .message:
            return MemoryLayout<UnsafeMutableRawPointer>.size
        case .bytes:
            return MemoryLayout<ProtobufCBinaryData>.size
        }
    }

    static func lowerCamelCase(_ name: String) -> String {
        var result = ""
        var upperNext = false
        for character in name {
            if character == "_" {
                upperNext = true
            } else if upperNext {
                result.append(contentsOf: character.uppercased())
                upperNext = false
            } else {
                result.append(character)
            }
        }
        return result
    }
}
