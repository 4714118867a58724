import Foundation

/// Decodes a Swift `Decodable` straight from a `JSONValue` tree (no text in between).
/// Integers come from numbers or numeric strings (proto3 int64); `Data` from base64.
struct JSONValueDecoder {
    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoding.decode(type, from: value, codingPath: [])
    }
}

enum JSONValueDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [CodingKey]) throws -> T {
        if type == Data.self {
            guard case .string(let text) = value, let data = Data(base64Encoded: text) else { throw mismatch(type, codingPath) }
            return data as! T
        }
        if let scalar = try scalar(type, value, codingPath) { return scalar }
        return try T(from: Impl(value: value, codingPath: codingPath))
    }

    static func mismatch(_ type: Any.Type, _ path: [CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path, debugDescription: "cannot read \(type) here"))
    }

    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [CodingKey]) throws -> I {
        switch value {
        case .number(let literal), .string(let literal):
            if let exact = I(literal) { return exact }
            if let double = Double(literal), let exact = I(exactly: double) { return exact }
        default: break
        }
        throw mismatch(type, path)
    }

    static func double(_ value: JSONValue, _ path: [CodingKey]) throws -> Double {
        switch value {
        case .number(let literal): if let v = Double(literal) { return v }
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        case .string(let literal): if let v = Double(literal) { return v }
        default: break
        }
        throw mismatch(Double.self, path)
    }

    /// Scalars decoded directly (standard library types whose own `init(from:)` would ask for a single value).
    static func scalar<T>(_ type: T.Type, _ value: JSONValue, _ path: [CodingKey]) throws -> T? {
        switch type {
        case is Bool.Type:
            guard case .bool(let v) = value else { throw mismatch(type, path) }
            return v as? T
        case is String.Type:
            guard case .string(let v) = value else { throw mismatch(type, path) }
            return v as? T
        case is Int.Type: return try integer(Int.self, value, path) as? T
        case is Int32.Type: return try integer(Int32.self, value, path) as? T
        case is Int64.Type: return try integer(Int64.self, value, path) as? T
        case is UInt32.Type: return try integer(UInt32.self, value, path) as? T
        case is UInt64.Type: return try integer(UInt64.self, value, path) as? T
        case is Int16.Type: return try integer(Int16.self, value, path) as? T
        case is UInt8.Type: return try integer(UInt8.self, value, path) as? T
        case is Double.Type: return try double(value, path) as? T
        case is Float.Type: return Float(try double(value, path)) as? T
        default: return nil
        }
    }

    struct Impl: Decoder {
        let value: JSONValue
        var codingPath: [CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let object) = value else { throw mismatch([String: Any].self, codingPath) }
            return KeyedDecodingContainer(Keyed<Key>(object: object, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> UnkeyedDecodingContainer {
            guard case .array(let items) = value else { throw mismatch([Any].self, codingPath) }
            return Unkeyed(items: items, codingPath: codingPath)
        }

        func singleValueContainer() throws -> SingleValueDecodingContainer { Single(value: value, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let object: JSONObject
        var codingPath: [CodingKey]
        var allKeys: [Key] { object.keys.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            guard let value = object[key.stringValue] else { return true }
            return value == .null
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoding.decode(type, from: try value(key), codingPath: codingPath + [key])
        }

        private func value(_ key: Key) throws -> JSONValue {
            guard let value = object[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
            }
            return value
        }

        // Concrete overloads: synthesized Codable calls these, and they skip the dynamic type checks.
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            guard case .string(let text) = try value(key) else { throw mismatch(type, codingPath + [key]) }
            return text
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            guard case .bool(let flag) = try value(key) else { throw mismatch(type, codingPath + [key]) }
            return flag
        }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, try value(key), codingPath + [key]) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, try value(key), codingPath + [key]) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, try value(key), codingPath + [key]) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, try value(key), codingPath + [key]) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, try value(key), codingPath + [key]) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Impl(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try Impl(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> Decoder { Impl(value: .object(object), codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> Decoder { Impl(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        var codingPath: [CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        mutating func next() throws -> JSONValue {
            guard !isAtEnd else { throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "array ended")) }
            defer { currentIndex += 1 }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoding.decode(type, from: try next(), codingPath: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try Impl(value: try next(), codingPath: codingPath).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
            try Impl(value: try next(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superDecoder() throws -> Decoder { Impl(value: try next(), codingPath: codingPath) }
    }

    struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        var codingPath: [CodingKey]

        func decodeNil() -> Bool { value == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoding.decode(type, from: value, codingPath: codingPath)
        }
    }
}
