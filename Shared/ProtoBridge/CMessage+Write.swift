import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CMessage {
    /// Builds a C message from a `ProtoMessage`; every part is malloc'ed so `deinit` frees it all.
    static func build(_ message: ProtoMessage) throws -> CMessage {
        let built = allocate(message.type)
        try write(message, into: built.raw)
        return built
    }

    private static func write(_ message: ProtoMessage, into base: UnsafeMutableRawPointer) throws {
        for field in message.type.fields {
            guard let value = message.fields[field.name] else { continue }
            if field.isRepeated {
                guard case .list(let items) = value else { throw mismatch(field, value) }
                guard !items.isEmpty else { continue }
                let array = calloc(items.count, field.elementSize)!
                // Store the array before filling it, so a failure part-way still frees it with the message.
                base.storeBytes(of: items.count, toByteOffset: field.quantifierOffset, as: Int.self)
                base.storeBytes(of: array, toByteOffset: field.offset, as: UnsafeMutableRawPointer.self)
                for (index, item) in items.enumerated() {
                    try writeElement(item, field, into: array + index * field.elementSize)
                }
                continue
            }
            if field.isOneofMember {
                base.storeBytes(of: field.number, toByteOffset: field.quantifierOffset, as: UInt32.self)
            } else if field.hasPresenceFlag, field.kind != .message, field.kind != .string {
                base.storeBytes(of: 1, toByteOffset: field.quantifierOffset, as: protobuf_c_boolean.self)
            }
            try writeElement(value, field, into: base + field.offset)
        }
    }

    private static func writeElement(_ value: ProtoValue, _ field: ProtoField, into slot: UnsafeMutableRawPointer) throws {
        switch (field.kind, value) {
        case (.int32, .int(let v)), (.sint32, .int(let v)), (.sfixed32, .int(let v)):
            guard let narrow = Int32(exactly: v) else { throw outOfRange(field, v) }
            slot.storeBytes(of: narrow, as: Int32.self)
        case (.int64, .int(let v)), (.sint64, .int(let v)), (.sfixed64, .int(let v)):
            slot.storeBytes(of: v, as: Int64.self)
        case (.uint32, .uint(let v)), (.fixed32, .uint(let v)):
            guard let narrow = UInt32(exactly: v) else { throw outOfRange(field, v) }
            slot.storeBytes(of: narrow, as: UInt32.self)
        case (.uint64, .uint(let v)), (.fixed64, .uint(let v)):
            slot.storeBytes(of: v, as: UInt64.self)
        case (.float, .double(let v)):
            slot.storeBytes(of: Float(v), as: Float.self)
        case (.double, .double(let v)):
            slot.storeBytes(of: v, as: Double.self)
        case (.bool, .bool(let v)):
            slot.storeBytes(of: v ? 1 : 0, as: protobuf_c_boolean.self)
        case (.enumeration, .enumeration(let v)):
            slot.storeBytes(of: v, as: Int32.self)
        case (.string, .string(let text)):
            // protobuf-c packs C strings: a NUL would silently cut the text short on the wire.
            guard !text.utf8.contains(0) else { throw nulInString(field) }
            slot.storeBytes(of: strdup(text)!, as: UnsafeMutablePointer<CChar>.self)
        case (.bytes, .bytes(let bytes)):
            var binary = ProtobufCBinaryData(len: bytes.count, data: nil)
            if !bytes.isEmpty {
                let data = malloc(bytes.count)!.assumingMemoryBound(to: UInt8.self)
                bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: bytes.count) }
                binary.data = data
            }
            slot.storeBytes(of: binary, as: ProtobufCBinaryData.self)
        case (.message, .message(let nested)):
            guard let type = field.messageType, nested.type == type else { throw mismatch(field, value) }
            let raw = calloc(1, type.descriptor.pointee.sizeof_message)!
            protobuf_c_message_init(type.descriptor, raw)
            slot.storeBytes(of: raw, as: UnsafeMutableRawPointer.self)
            try write(nested, into: raw)
        default:
            throw mismatch(field, value)
        }
    }

    private static func nulInString(_ field: ProtoField) -> ProtoError {
        ProtoError(
            .invalidFields,
            "field \(field.name) holds U+0000",
            violations: [.init(field: field.jsonName, description: ProtoError.Violation.nulInString)]
        )
    }

    private static func mismatch(_ field: ProtoField, _ value: ProtoValue) -> ProtoError {
        ProtoError(
            .typeMismatch,
            "field \(field.name) cannot hold \(value)",
            violations: [.init(field: field.jsonName, description: "wrong type")]
        )
    }

    private static func outOfRange<T: BinaryInteger>(_ field: ProtoField, _ value: T) -> ProtoError {
        ProtoError(
            .invalidFields,
            "value out of range",
            violations: [.init(field: field.jsonName, description: "\(value) is out of range for \(field.kind)")]
        )
    }
}
