import Foundation

/// Decodes a `ProtoCodable` mirror straight from a `ProtoMessage` (no JSON tree in between).
///
/// Same answers as decoding the message's proto3 JSON with defaults emitted: unset scalars,
/// strings, bytes and lists read as their zero value; unset messages, oneof members and
/// proto3 `optional` fields are absent (nil for optional properties, an error otherwise); enums
/// read by name.
struct ProtoMessageDecoder {
    func decode<T: Decodable>(_ type: T.Type, from message: ProtoMessage) throws -> T {
        try T(from: MessageDecoding(message: message, codingPath: []))
    }
}

private struct MessageDecoding: Decoder {
    let message: ProtoMessage
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(message: message, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "\(message.type.name) is a message"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "\(message.type.name) is a message"))
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let message: ProtoMessage
        let codingPath: [any CodingKey]

        var allKeys: [Key] {
            message.type.fields.compactMap { field in
                message.fields[field.name] == nil && !ElementReader.hasZero(field) ? nil : Key(stringValue: field.jsonName)
            }
        }

        func contains(_ key: Key) -> Bool {
            guard let field = message.type.field(named: key.stringValue) else { return false }
            return message.fields[field.name] != nil || ElementReader.hasZero(field)
        }

        /// The field's value, its zero value when unset, or `nil` when it is absent.
        private func element(_ key: Key) throws -> (ProtoField, ProtoValue)? {
            guard let field = message.type.field(named: key.stringValue) else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(codingPath: codingPath, debugDescription: "\(message.type.name) has no field \(key.stringValue)")
                )
            }
            if let value = message.fields[field.name] { return (field, value) }
            guard ElementReader.hasZero(field), let zero = ProtoValue.zero(for: field) else { return nil }
            return (field, zero)
        }

        private func read<T>(_ key: Key, _ convert: (ProtoValue, ProtoField, [any CodingKey]) throws -> T) throws -> T {
            guard let (field, value) = try element(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "\(key.stringValue) is not set"))
            }
            return try convert(value, field, codingPath + [key])
        }

        func decodeNil(forKey key: Key) throws -> Bool { try element(key) == nil }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try read(key, ElementReader.bool) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try read(key, ElementReader.string) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try read(key, ElementReader.double) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try read(key, ElementReader.double)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try read(key, ElementReader.integer) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try read(key, ElementReader.integer) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try read(key, ElementReader.integer) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try read(key, ElementReader.integer) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try read(key, ElementReader.integer) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try read(key, ElementReader.integer) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(key, ElementReader.integer) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(key, ElementReader.integer) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(key, ElementReader.integer) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(key, ElementReader.integer) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try read(key) { value, field, path in try ElementReader.value(T.self, value, field, path) }
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(
                NestedKey.self,
                .init(codingPath: codingPath + [key], debugDescription: "nested containers are not supported")
            )
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try read(key) { value, field, path in
                guard case .list(let items) = value else { throw ElementReader.mismatch([Any].self, field, path) }
                return ElementList(items: items, field: field, codingPath: path)
            }
        }

        func superDecoder() throws -> any Decoder { MessageDecoding(message: message, codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { MessageDecoding(message: message, codingPath: codingPath) }
    }
}

/// One field's value (a list, a nested message, a wrapper such as a `String` enum) as a `Decoder`.
private struct ElementDecoding: Decoder {
    let value: ProtoValue
    let field: ProtoField
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .message(let nested) = value else { throw ElementReader.mismatch(Key.self, field, codingPath) }
        return KeyedDecodingContainer(MessageDecoding.Keyed<Key>(message: nested, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let items) = value else { throw ElementReader.mismatch([Any].self, field, codingPath) }
        return ElementList(items: items, field: field, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ElementSingle(value: value, field: field, codingPath: codingPath)
    }
}

private struct ElementSingle: SingleValueDecodingContainer {
    let value: ProtoValue
    let field: ProtoField
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try ElementReader.bool(value, field, codingPath) }
    func decode(_ type: String.Type) throws -> String { try ElementReader.string(value, field, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try ElementReader.double(value, field, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try ElementReader.double(value, field, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try ElementReader.integer(value, field, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try ElementReader.integer(value, field, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ElementReader.value(T.self, value, field, codingPath) }
}

/// The elements of a repeated field.
private struct ElementList: UnkeyedDecodingContainer {
    let items: [ProtoValue]
    let field: ProtoField
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [ProtoValue], field: ProtoField, codingPath: [any CodingKey]) {
        self.items = items
        self.field = field
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next<T>(_ convert: (ProtoValue, ProtoField, [any CodingKey]) throws -> T) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath, debugDescription: "no more elements"))
        }
        defer { currentIndex += 1 }
        return try convert(items[currentIndex], field, codingPath)
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(ElementReader.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try next(ElementReader.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(ElementReader.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next(ElementReader.double)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(ElementReader.integer) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(ElementReader.integer) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(ElementReader.integer) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(ElementReader.integer) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(ElementReader.integer) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next { value, field, path in try ElementReader.value(T.self, value, field, path) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next { value, field, path in
            guard case .message(let nested) = value else { throw ElementReader.mismatch(NestedKey.self, field, path) }
            return KeyedDecodingContainer(MessageDecoding.Keyed<NestedKey>(message: nested, codingPath: path))
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "nested lists are not supported"))
    }

    mutating func superDecoder() throws -> any Decoder {
        try next { value, field, path in ElementDecoding(value: value, field: field, codingPath: path) }
    }
}

/// `ProtoValue`s to Swift values.
enum ElementReader {
    /// Fields that read as a zero value when unset (proto3 implicit presence).
    static func hasZero(_ field: ProtoField) -> Bool {
        field.isRepeated || (field.kind != .message && !field.isOneofMember && !field.hasPresenceFlag)
    }

    static func mismatch(_ type: Any.Type, _ field: ProtoField, _ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: path, debugDescription: "field \(field.name) (\(field.kind)) does not hold \(type)"))
    }

    static func bool(_ value: ProtoValue, _ field: ProtoField, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let v) = value else { throw mismatch(Bool.self, field, path) }
        return v
    }

    static func string(_ value: ProtoValue, _ field: ProtoField, _ path: [any CodingKey]) throws -> String {
        switch value {
        case .string(let v): return v
        case .enumeration(let number):
            guard let name = field.enumType?.name(of: number) else { throw mismatch(String.self, field, path) }
            return name
        default: throw mismatch(String.self, field, path)
        }
    }

    static func double(_ value: ProtoValue, _ field: ProtoField, _ path: [any CodingKey]) throws -> Double {
        switch value {
        case .double(let v): return v
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        default: throw mismatch(Double.self, field, path)
        }
    }

    static func integer<T: FixedWidthInteger>(_ value: ProtoValue, _ field: ProtoField, _ path: [any CodingKey]) throws -> T {
        let exact: T?
        switch value {
        case .int(let v): exact = T(exactly: v)
        case .uint(let v): exact = T(exactly: v)
        case .enumeration(let v): exact = T(exactly: v)
        case .double(let v): exact = T(exactly: v)
        default: exact = nil
        }
        guard let exact else { throw mismatch(T.self, field, path) }
        return exact
    }

    static func value<T: Decodable>(_ type: T.Type, _ value: ProtoValue, _ field: ProtoField, _ path: [any CodingKey]) throws -> T {
        if case .bytes(let bytes) = value {
            if T.self == Data.self { return Data(bytes) as! T }
            if T.self == [UInt8].self { return bytes as! T }
        }
        // List elements arrive through the generic overload: read the primitives directly.
        if T.self == String.self { return try string(value, field, path) as! T }
        if T.self == Int64.self { return try integer(value, field, path) as Int64 as! T }
        if T.self == Int32.self { return try integer(value, field, path) as Int32 as! T }
        if T.self == Int.self { return try integer(value, field, path) as Int as! T }
        if T.self == Bool.self { return try bool(value, field, path) as! T }
        if T.self == Double.self { return try double(value, field, path) as! T }
        return try T(from: ElementDecoding(value: value, field: field, codingPath: path))
    }
}
