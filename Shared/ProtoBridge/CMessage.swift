import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one C message tree allocated with the system allocator and frees it exactly once.
///
/// Both messages unpacked by protobuf-c and messages built from a `ProtoMessage` use malloc
/// for every part, so `protobuf_c_message_free_unpacked` with the default allocator releases them.
final class CMessage {
    let pointer: UnsafeMutablePointer<ProtobufCMessage>

    private init(pointer: UnsafeMutablePointer<ProtobufCMessage>) {
        self.pointer = pointer
    }

    deinit {
        protobuf_c_message_free_unpacked(pointer, nil)
    }

    /// Parses protobuf bytes; any malformed input is an error value, never a crash.
    static func unpack(_ type: ProtoType, _ bytes: UnsafeRawBufferPointer) throws -> CMessage {
        if let path = WireStringScan.firstNul(in: bytes, type: type) {
            throw ProtoError(
                .invalidFields,
                "bytes are not a valid \(type.name)",
                violations: [.init(field: path, description: ProtoError.Violation.nulInString)]
            )
        }
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var empty: UInt8 = 0
        let parsed: UnsafeMutablePointer<ProtobufCMessage>? = withUnsafePointer(to: &empty) { emptyPointer in
            protobuf_c_message_unpack(type.descriptor, nil, bytes.count, base ?? emptyPointer)
        }
        guard let parsed else {
            throw ProtoError(.malformedBytes, "bytes are not a valid \(type.name)")
        }
        return CMessage(pointer: parsed)
    }

    /// Allocates a zeroed message and runs the type's initializer (sets proto defaults).
    static func allocate(_ type: ProtoType) -> CMessage {
        let size = type.descriptor.pointee.sizeof_message
        let raw = calloc(1, size)!
        let message = raw.assumingMemoryBound(to: ProtobufCMessage.self)
        protobuf_c_message_init(type.descriptor, raw)
        return CMessage(pointer: message)
    }

    /// Serialized protobuf bytes of this message.
    func pack() -> [UInt8] {
        let size = protobuf_c_message_get_packed_size(pointer)
        if size == 0 { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = protobuf_c_message_pack(pointer, buffer.baseAddress!)
        }
    }

    var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(pointer) }
}
