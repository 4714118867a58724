import CProtobufC
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Packs and unpacks protoc-c generated message structs directly, for the few hand-mapped
/// messages every call carries (`Envelope`, `Reply`) and the hot paths' replies and events: no
/// `ProtoMessage` or `Codable` in between (an encode through the generic bridge takes ~7 µs, through
/// the struct ~1 µs).
///
/// `M` must be the generated struct of `type` (it starts with a `ProtobufCMessage`).
public enum ProtoWire {
    /// Sets a generated struct of `type` to protobuf-c's defaults (descriptor, empty strings, zeros).
    public static func initialize<M>(_ message: inout M, as type: ProtoType) {
        precondition(MemoryLayout<M>.size == type.descriptor.pointee.sizeof_message, "\(M.self) is not \(type.name)")
        withUnsafeMutableBytes(of: &message) { protobuf_c_message_init(type.descriptor, $0.baseAddress!) }
    }

    /// The wire bytes of a generated struct of `type`: set to protobuf-c's defaults, filled by
    /// `fill` (its strings and arrays copied into the arena), refused when one of those strings
    /// holds U+0000, then packed by `pack` (which may point fields at storage of its own first).
    /// The arena lives until the packing is done: the struct points into it.
    @inlinable
    public static func encode<M>(
        _ empty: M,
        as type: ProtoType,
        _ fill: (inout M, ProtoWireArena) -> Void,
        pack: (inout M) -> [UInt8] = { ProtoWire.pack(&$0) }
    ) throws -> [UInt8] {
        let arena = ProtoWireArena()
        var message = empty
        initialize(&message, as: type)
        fill(&message, arena)
        try arena.refuseNul(in: type)
        return withExtendedLifetime(arena) { pack(&message) }
    }

    /// `data` as a `bytes` field, without a copy, for `body` to pack while it runs.
    @inlinable
    public static func withBinary<Result>(_ data: Data, _ body: (ProtobufCBinaryData) -> Result) -> Result {
        data.withUnsafeBytes { bytes in
            body(ProtobufCBinaryData(len: bytes.count, data: UnsafeMutablePointer(mutating: bytes.bindMemory(to: UInt8.self).baseAddress)))
        }
    }

    /// The wire bytes of a filled generated struct.
    public static func pack<M>(_ message: inout M) -> [UInt8] {
        withUnsafeMutableBytes(of: &message) { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: ProtobufCMessage.self)
            let size = protobuf_c_message_get_packed_size(base)
            if size == 0 { return [] }
            return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = protobuf_c_message_pack(base, buffer.baseAddress!)
            }
        }
    }

    /// Unpacks `bytes` as `type` and hands the generated struct to `read`, freeing it afterwards;
    /// malformed bytes throw `ProtoError(.malformedBytes)`, as `ProtoMessage(type:serializedBytes:)` does.
    public static func unpack<M, Result>(
        _ bytes: [UInt8],
        as type: ProtoType,
        _: M.Type,
        _ read: (M) throws -> Result
    ) throws -> Result {
        precondition(MemoryLayout<M>.size == type.descriptor.pointee.sizeof_message, "\(M.self) is not \(type.name)")
        let message = try bytes.withUnsafeBytes { try CMessage.unpack(type, $0) }
        return try read(message.raw.load(as: M.self))
    }

    /// The bytes of a `bytes` field (`data` may be NULL when empty).
    public static func data(_ binary: ProtobufCBinaryData) -> Data {
        guard binary.len > 0, let data = binary.data else { return Data() }
        return Data(bytes: data, count: binary.len)
    }

    /// A string field (protobuf-c gives an empty string, never NULL, for unset proto3 strings).
    public static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// A repeated string field (`n_<field>` and `<field>` of the generated struct).
    public static func strings(_ count: Int, _ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
        guard count > 0, let list else { return [] }
        return (0..<count).map { string(list[$0]) }
    }
}

/// C memory a generated struct points at while it is packed: copies of strings, arrays of
/// nested structs and pointers. All of it is freed when the arena goes.
public final class ProtoWireArena {
    private var blocks: [UnsafeMutableRawPointer] = []
    /// A string given to `string(_:)` held U+0000: its C copy stops there (see `refuseNul(in:)`).
    private var heldNul = false

    public init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// A NUL-terminated copy of `text`.
    public func string(_ text: String) -> UnsafeMutablePointer<CChar> {
        if text.utf8.contains(0) { heldNul = true }
        let copy = strdup(text)!
        blocks.append(UnsafeMutableRawPointer(copy))
        return copy
    }

    /// Throws when a string given to `string(_:)` held U+0000, before anything is packed:
    /// protobuf-c would send the text cut short at the NUL without a word.
    public func refuseNul(in type: ProtoType) throws {
        guard heldNul else { return }
        throw ProtoError(
            .invalidFields,
            "a string of \(type.name) holds U+0000",
            violations: [.init(field: type.name, description: ProtoError.Violation.nulInString)]
        )
    }

    /// NUL-terminated copies of `texts` for a repeated string field: its count and its array.
    public func strings(_ texts: [String]) -> (count: Int, list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !texts.isEmpty else { return (0, nil) }
        let list = allocate(UnsafeMutablePointer<CChar>?.self, count: texts.count)
        for (index, text) in texts.enumerated() { list[index] = string(text) }
        return (texts.count, list)
    }

    /// Generated structs of `type` for a repeated message field, one per element, each set to
    /// protobuf-c's defaults and then filled by `fill`: the field's count and its pointer array.
    @inlinable
    public func messages<M, Element>(
        _ elements: [Element],
        as type: ProtoType,
        _ fill: (inout M, Element) -> Void
    )
        -> (count: Int, list: UnsafeMutablePointer<UnsafeMutablePointer<M>?>?)
    {
        guard !elements.isEmpty else { return (0, nil) }
        let structs = allocate(M.self, count: elements.count)
        let list = allocate(UnsafeMutablePointer<M>?.self, count: elements.count)
        for (index, element) in elements.enumerated() {
            ProtoWire.initialize(&structs[index], as: type)
            fill(&structs[index], element)
            list[index] = structs + index
        }
        return (elements.count, list)
    }

    /// `count` zeroed elements (at least one, so the pointer is never NULL).
    public func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = calloc(max(count, 1), MemoryLayout<T>.stride)!
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// A copy of `data` as a `bytes` field.
    public func bytes(_ data: Data) -> ProtobufCBinaryData {
        guard !data.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let copy = allocate(UInt8.self, count: data.count)
        data.copyBytes(to: copy, count: data.count)
        return ProtobufCBinaryData(len: data.count, data: copy)
    }
}
