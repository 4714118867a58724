import Foundation

/// Encodes a `ProtoCodable` mirror straight into a `ProtoMessage`, field by field through the
/// descriptor: no JSON tree in between (that detour was a fifth of a service's CPU per call).
///
/// Same rules as reading the mirror's proto3 JSON: properties are looked up by JSON or proto
/// name, enums are written by name, `Data` fills `bytes` fields, nil optionals are left unset;
/// a property the proto does not declare, or a value its field cannot hold, is an error.
struct ProtoMessageEncoder {
    func encode<T: Encodable>(_ value: T, as type: ProtoType) throws -> ProtoMessage {
        let box = MessageBox(ProtoMessage(type: type))
        try value.encode(to: MessageEncoding(box: box, codingPath: []))
        if let error = box.error { throw error }
        return box.message
    }
}

/// The message being filled; containers share it, and keep the first error (an `Encoder`'s
/// container factories cannot throw).
final class MessageBox {
    var message: ProtoMessage
    var error: ProtoError?

    init(_ message: ProtoMessage) { self.message = message }

    func fail(_ error: ProtoError) {
        if self.error == nil { self.error = error }
    }
}

private struct MessageEncoding: Encoder {
    let box: MessageBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.fail(ProtoError(.typeMismatch, "\(box.message.type.name) is a message, not a list"))
        return ElementList(field: nil, box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        box.fail(ProtoError(.typeMismatch, "\(box.message.type.name) is a message, not a single value"))
        return ElementCapture(field: nil, box: box, codingPath: codingPath)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: MessageBox
        let codingPath: [any CodingKey]

        private func field(_ key: Key) throws -> ProtoField {
            guard let field = box.message.type.field(named: key.stringValue) else {
                throw ProtoError(.typeMismatch, "\(box.message.type.name) has no field \(key.stringValue)")
            }
            return field
        }

        private func set(_ key: Key, _ convert: (ProtoField) throws -> ProtoValue) throws {
            let field = try field(key)
            guard !field.isRepeated else { throw ProtoElement.mismatch(field, "a single value") }
            box.message.fields[field.name] = try convert(field)
        }

        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode(_ value: Bool, forKey key: Key) throws { try set(key) { try ProtoElement.bool(value, $0) } }
        mutating func encode(_ value: String, forKey key: Key) throws { try set(key) { try ProtoElement.string(value, $0) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { try set(key) { try ProtoElement.double(value, $0) } }
        mutating func encode(_ value: Float, forKey key: Key) throws { try set(key) { try ProtoElement.double(Double(value), $0) } }
        mutating func encode(_ value: Int, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try set(key) { try ProtoElement.integer(value, $0) } }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let field = try field(key)
            let path = codingPath + [key]
            if field.isRepeated {
                let list = ElementList(field: field, box: box, codingPath: path)
                try value.encode(to: ElementEncoding(field: field, box: box, codingPath: path, list: list))
                box.message.fields[field.name] = .list(list.items.values)
            } else {
                box.message.fields[field.name] = try ProtoElement.value(value, field, box: box, codingPath: path)
            }
            if let error = box.error { throw error }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            box.fail(ProtoError(.typeMismatch, "nested containers are not supported (\(key.stringValue))"))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: MessageBox(box.message), codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            box.fail(ProtoError(.typeMismatch, "nested containers are not supported (\(key.stringValue))"))
            return ElementList(field: nil, box: box, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder { MessageEncoding(box: box, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { MessageEncoding(box: box, codingPath: codingPath) }
    }
}

/// Encodes one field's value (a list, an enum, a wrapper type) through an `Encoder`.
private struct ElementEncoding: Encoder {
    let field: ProtoField
    let box: MessageBox
    let codingPath: [any CodingKey]
    let list: ElementList
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.fail(ProtoElement.mismatch(field, "an object"))
        return KeyedEncodingContainer(MessageEncoding.Keyed<Key>(box: MessageBox(box.message), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { list }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ElementCapture(field: field, box: box, codingPath: codingPath)
    }
}

/// Collects the elements of a repeated field.
private struct ElementList: UnkeyedEncodingContainer, ElementSink {
    final class Items { var values: [ProtoValue] = [] }
    let field: ProtoField?
    let box: MessageBox
    let codingPath: [any CodingKey]
    let items = Items()
    var count: Int { items.values.count }

    func put(_ convert: (ProtoField) throws -> ProtoValue) throws {
        guard let field else { throw box.error ?? ProtoError(.typeMismatch, "not a list") }
        items.values.append(try convert(field))
    }

    mutating func encodeNil() throws { throw ProtoError(.typeMismatch, "a repeated field cannot hold null") }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        box.fail(ProtoError(.typeMismatch, "nested containers are not supported"))
        return KeyedEncodingContainer(MessageEncoding.Keyed<NestedKey>(box: MessageBox(box.message), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        box.fail(ProtoError(.typeMismatch, "nested lists are not supported"))
        return ElementList(field: nil, box: box, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { MessageEncoding(box: box, codingPath: codingPath) }
}

/// Receives the single value a wrapper type (such as a `String` enum) encodes itself as.
private struct ElementCapture: SingleValueEncodingContainer, ElementSink {
    final class Slot { var value: ProtoValue? }
    let field: ProtoField?
    let box: MessageBox
    let codingPath: [any CodingKey]
    let slot = Slot()

    func put(_ convert: (ProtoField) throws -> ProtoValue) throws {
        guard let field else { throw box.error ?? ProtoError(.typeMismatch, "not a single value") }
        slot.value = try convert(field)
    }

    mutating func encodeNil() throws {}
}

/// The primitive `encode` overloads of a list or single-value container: each converts its value
/// for the container's field and hands it to `put`.
private protocol ElementSink {
    var box: MessageBox { get }
    var codingPath: [any CodingKey] { get }
    func put(_ convert: (ProtoField) throws -> ProtoValue) throws
}

extension ElementSink {
    mutating func encode(_ value: Bool) throws { try put { try ProtoElement.bool(value, $0) } }
    mutating func encode(_ value: String) throws { try put { try ProtoElement.string(value, $0) } }
    mutating func encode(_ value: Double) throws { try put { try ProtoElement.double(value, $0) } }
    mutating func encode(_ value: Float) throws { try put { try ProtoElement.double(Double(value), $0) } }
    mutating func encode(_ value: Int) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: Int8) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: Int16) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: Int32) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: Int64) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: UInt) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: UInt8) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: UInt16) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: UInt32) throws { try put { try ProtoElement.integer(value, $0) } }
    mutating func encode(_ value: UInt64) throws { try put { try ProtoElement.integer(value, $0) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        // `[String]` and friends hand their elements over through this generic overload: skip the
        // wrapper-capture path for the primitives (it cost ~1 µs per list element).
        if let primitive = ProtoElement.primitive(value) {
            try put(primitive)
            return
        }
        try put { try ProtoElement.value(value, $0, box: box, codingPath: codingPath) }
    }
}

/// Swift values to the `ProtoValue` a field of a given kind holds.
enum ProtoElement {
    static func mismatch(_ field: ProtoField, _ what: String) -> ProtoError {
        ProtoError(
            .typeMismatch,
            "field \(field.name) (\(field.kind)) cannot hold \(what)",
            violations: [.init(field: field.jsonName, description: "wrong type")]
        )
    }

    static func bool(_ value: Bool, _ field: ProtoField) throws -> ProtoValue {
        guard field.kind == .bool else { throw mismatch(field, "a boolean") }
        return .bool(value)
    }

    static func string(_ value: String, _ field: ProtoField) throws -> ProtoValue {
        switch field.kind {
        case .string: return .string(value)
        case .enumeration:
            guard let number = field.enumType?.number(of: value) else { throw mismatch(field, "\"\(value)\"") }
            return .enumeration(number)
        default: throw mismatch(field, "a string")
        }
    }

    static func double(_ value: Double, _ field: ProtoField) throws -> ProtoValue {
        guard field.kind == .double || field.kind == .float else { throw mismatch(field, "a number") }
        return .double(value)
    }

    static func integer<T: BinaryInteger>(_ value: T, _ field: ProtoField) throws -> ProtoValue {
        func exact<N: FixedWidthInteger>(_: N.Type) throws -> N {
            guard let narrow = N(exactly: value) else { throw mismatch(field, "\(value) (out of range)") }
            return narrow
        }
        switch field.kind {
        case .int32, .sint32, .sfixed32: return .int(Int64(try exact(Int32.self)))
        case .int64, .sint64, .sfixed64: return .int(try exact(Int64.self))
        case .uint32, .fixed32: return .uint(UInt64(try exact(UInt32.self)))
        case .uint64, .fixed64: return .uint(try exact(UInt64.self))
        case .enumeration: return .enumeration(try exact(Int32.self))
        case .float, .double: return .double(Double(value))
        default: throw mismatch(field, "an integer")
        }
    }

    /// The conversion of a primitive reaching a generic `encode<T>` (list elements, mostly), or nil.
    static func primitive<T: Encodable>(_ value: T) -> ((ProtoField) throws -> ProtoValue)? {
        switch value {
        case let value as String: return { try string(value, $0) }
        case let value as Int: return { try integer(value, $0) }
        case let value as Int64: return { try integer(value, $0) }
        case let value as Int32: return { try integer(value, $0) }
        case let value as UInt64: return { try integer(value, $0) }
        case let value as UInt32: return { try integer(value, $0) }
        case let value as Bool: return { try bool(value, $0) }
        case let value as Double: return { try double(value, $0) }
        default: return nil
        }
    }

    /// A non-primitive value of a singular field or of a list element.
    static func value<T: Encodable>(_ value: T, _ field: ProtoField, box: MessageBox, codingPath: [any CodingKey]) throws -> ProtoValue {
        if field.kind == .bytes {
            if let data = value as? Data { return .bytes(Array(data)) }
            // Compare types, not a cast: an empty array of anything casts to [UInt8].
            if T.self == [UInt8].self, let bytes = value as? [UInt8] { return .bytes(bytes) }
        }
        if field.kind == .message, let type = field.messageType {
            return .message(try ProtoMessageEncoder().encode(value, as: type))
        }
        let capture = ElementCapture(field: field, box: box, codingPath: codingPath)
        try value.encode(to: CaptureEncoding(capture: capture, field: field, box: box, codingPath: codingPath))
        if let error = box.error { throw error }
        guard let captured = capture.slot.value else { throw mismatch(field, "\(T.self)") }
        return captured
    }
}

/// The encoder a wrapper value encodes itself to: only its single value is accepted.
private struct CaptureEncoding: Encoder {
    let capture: ElementCapture
    let field: ProtoField
    let box: MessageBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.fail(ProtoElement.mismatch(field, "an object"))
        return KeyedEncodingContainer(MessageEncoding.Keyed<Key>(box: MessageBox(box.message), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.fail(ProtoElement.mismatch(field, "a list"))
        return ElementList(field: nil, box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { capture }
}
