import Foundation

/// Encodes a Swift `Encodable` straight into a `JSONValue` tree (no text in between).
/// `Data` becomes base64, as in proto3 JSON; nil optionals are left out.
struct JSONValueEncoder {
    func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let box = ValueBox()
        try JSONValueEncoding.encode(value, into: box, codingPath: [])
        return box.value ?? .null
    }
}

/// Where an encoded value lands; containers hold boxes so nested encoders can fill them later.
final class ValueBox {
    var value: JSONValue?
    var object: [(String, ValueBox)]?
    var array: [ValueBox]?

    var resolved: JSONValue {
        if let object { return .object(JSONObject(object.compactMap { key, box in box.isEmpty ? nil : (key, box.resolved) })) }
        if let array { return .array(array.map(\.resolved)) }
        return value ?? .null
    }

    var isEmpty: Bool { value == nil && object == nil && array == nil }
}

enum JSONValueEncoding {
    static func encode<T: Encodable>(_ value: T, into box: ValueBox, codingPath: [CodingKey]) throws {
        if let data = value as? Data {
            box.value = .string(data.base64EncodedString())
            return
        }
        // Compare types, not a cast: an empty array of anything casts to [UInt8].
        if T.self == [UInt8].self, let bytes = value as? [UInt8] {
            box.value = .string(Data(bytes).base64EncodedString())
            return
        }
        let encoder = Impl(box: box, codingPath: codingPath)
        try value.encode(to: encoder)
        if box.object != nil || box.array != nil { box.value = box.resolved }
    }

    struct Impl: Encoder {
        let box: ValueBox
        var codingPath: [CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if box.object == nil { box.object = [] }
            return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            if box.array == nil { box.array = [] }
            return Unkeyed(box: box, codingPath: codingPath)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }
    }

    static func scalar<T: Encodable>(_ value: T) -> JSONValue? {
        switch value {
        case let v as Bool: return .bool(v)
        case let v as String: return .string(v)
        case let v as Int: return .integer(v)
        case let v as Int8: return .integer(v)
        case let v as Int16: return .integer(v)
        case let v as Int32: return .integer(v)
        case let v as Int64: return .integer(v)
        case let v as UInt: return .integer(v)
        case let v as UInt8: return .integer(v)
        case let v as UInt16: return .integer(v)
        case let v as UInt32: return .integer(v)
        case let v as UInt64: return .integer(v)
        case let v as Double: return v.isFinite ? .number(String(v)) : .string(v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))
        case let v as Float: return v.isFinite ? .number(String(v)) : .string(v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))
        default: return nil
        }
    }

    static func child<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> ValueBox {
        let box = ValueBox()
        if let scalar = scalar(value) { box.value = scalar } else { try encode(value, into: box, codingPath: codingPath) }
        return box
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ValueBox
        var codingPath: [CodingKey]

        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.object!.append((key.stringValue, try child(value, codingPath: codingPath + [key])))
        }
        // Concrete overloads: synthesized Codable calls these, and they skip the dynamic casts.
        mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(.integer(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(.integer(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(.integer(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.integer(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.integer(value), key) }

        private func put(_ value: JSONValue, _ key: Key) {
            let leaf = ValueBox()
            leaf.value = value
            box.object!.append((key.stringValue, leaf))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ValueBox()
            nested.object = []
            box.object!.append((key.stringValue, nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let nested = ValueBox()
            nested.array = []
            box.object!.append((key.stringValue, nested))
            return Unkeyed(box: nested, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> Encoder { Impl(box: box, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> Encoder {
            let nested = ValueBox()
            box.object!.append((key.stringValue, nested))
            return Impl(box: nested, codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: ValueBox
        var codingPath: [CodingKey]
        var count: Int { box.array!.count }

        mutating func encodeNil() throws { box.array!.append(ValueBox()) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            box.array!.append(try child(value, codingPath: codingPath))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ValueBox()
            nested.object = []
            box.array!.append(nested)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let nested = ValueBox()
            nested.array = []
            box.array!.append(nested)
            return Unkeyed(box: nested, codingPath: codingPath)
        }
        mutating func superEncoder() -> Encoder {
            let nested = ValueBox()
            box.array!.append(nested)
            return Impl(box: nested, codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let box: ValueBox
        var codingPath: [CodingKey]

        mutating func encodeNil() throws { box.value = .null }
        mutating func encode<T: Encodable>(_ value: T) throws {
            if let scalar = JSONValueEncoding.scalar(value) { box.value = scalar } else { try JSONValueEncoding.encode(value, into: box, codingPath: codingPath) }
        }
    }
}
