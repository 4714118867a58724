import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds string fields holding U+0000 in protobuf wire bytes, before protobuf-c unpacks them.
///
/// protobuf-c hands strings over as C strings, so a NUL would silently cut the text short
/// (`"bad\u0000name"` read as `"bad"`). No message of ours allows one: such bytes are refused
/// with the field's path instead. Only buffers holding a zero byte are walked at all.
enum WireStringScan {
    /// The dotted path of the first string field with a NUL (`items[2].name`), or nil.
    static func firstNul(in bytes: UnsafeRawBufferPointer, type: ProtoType) -> String? {
        guard let base = bytes.baseAddress, bytes.count > 0, memchr(base, 0, bytes.count) != nil else { return nil }
        return scan(UnsafeRawBufferPointer(start: base, count: bytes.count), type.descriptor, path: "")
    }

    private static func scan(
        _ bytes: UnsafeRawBufferPointer,
        _ descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
        path: String
    ) -> String? {
        var reader = Reader(bytes: bytes)
        var counts: [UInt32: Int] = [:]
        while !reader.atEnd {
            guard let key = reader.varint() else { return nil }
            let number = UInt32(truncatingIfNeeded: key >> 3)
            switch key & 7 {
            case 0: guard reader.varint() != nil else { return nil }
            case 1: guard reader.skip(8) else { return nil }
            case 5: guard reader.skip(4) else { return nil }
            case 2:
                guard let length = reader.varint(), let slice = reader.take(Int(exactly: length)) else { return nil }
                guard let field = protobuf_c_message_descriptor_get_field(descriptor, UInt32(number)) else { continue }
                let repeated = field.pointee.label == PROTOBUF_C_LABEL_REPEATED
                let index = counts[number, default: 0]
                if repeated { counts[number] = index + 1 }
                func here() -> String {
                    let name = ProtoField.lowerCamelCase(String(cString: field.pointee.name))
                    let full = path.isEmpty ? name : path + "." + name
                    return repeated ? "\(full)[\(index)]" : full
                }
                switch field.pointee.type {
                case PROTOBUF_C_TYPE_STRING:
                    if let start = slice.baseAddress, slice.count > 0, memchr(start, 0, slice.count) != nil { return here() }
                case PROTOBUF_C_TYPE_MESSAGE:
                    guard let nested = field.pointee.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self) else { continue }
                    if let start = slice.baseAddress, slice.count > 0, memchr(start, 0, slice.count) != nil,
                        let found = scan(slice, nested, path: here())
                    {
                        return found
                    }
                default:
                    continue
                }
            default:
                // Groups and bad wire types: protobuf-c refuses them itself.
                return nil
            }
        }
        return nil
    }

    /// A cursor over wire bytes; every read says nil when the bytes end early.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset >= bytes.count }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count <= bytes.count - offset else { return false }
            offset += count
            return true
        }

        mutating func take(_ count: Int?) -> UnsafeRawBufferPointer? {
            guard let count, count >= 0, count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        }
    }
}
