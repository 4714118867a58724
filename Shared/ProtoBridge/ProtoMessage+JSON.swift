import Foundation

extension ProtoMessage {
    /// The message as proto3 JSON (lowerCamelCase names, enums by name, bytes as base64).
    public func json(_ options: ProtoJSONOptions = .standard) -> JSONValue {
        var object = JSONObject()
        for field in type.fields {
            guard let value = fields[field.name] else { continue }
            if !options.emitDefaults, let zero = ProtoValue.zero(for: field), zero == value { continue }
            object[field.jsonName] = ProtoMessage.json(value, field, options)
        }
        return .object(object)
    }

    private static func json(_ value: ProtoValue, _ field: ProtoField, _ options: ProtoJSONOptions) -> JSONValue {
        switch value {
        case .int(let v):
            let wide = [.int64, .sint64, .sfixed64].contains(field.kind)
            return wide && options.int64AsString ? .string(String(v)) : .integer(v)
        case .uint(let v):
            let wide = [.uint64, .fixed64].contains(field.kind)
            return wide && options.int64AsString ? .string(String(v)) : .integer(v)
        case .double(let v):
            if v.isNaN { return .string("NaN") }
            if v.isInfinite { return .string(v > 0 ? "Infinity" : "-Infinity") }
            if v == v.rounded(), abs(v) < 1e15 { return .number(String(Int64(v))) }
            return .number(field.kind == .float ? String(Float(v)) : String(v))
        case .bool(let v): return .bool(v)
        case .enumeration(let number):
            if let name = field.enumType?.name(of: number) { return .string(name) }
            return .integer(number)
        case .string(let text): return .string(text)
        case .bytes(let bytes): return .string(Data(bytes).base64EncodedString())
        case .message(let nested): return nested.json(options)
        case .list(let items): return .array(items.map { json($0, field, options) })
        }
    }

    /// Reads proto3 JSON into a message of `type`. Accepts proto or JSON field names, int64 as
    /// number or string, enums by name or number. Every field that does not fit is reported.
    public init(type: ProtoType, json: JSONValue) throws {
        var violations: [ProtoError.Violation] = []
        self = ProtoMessage.read(json, as: type, path: "", violations: &violations)
        if !violations.isEmpty {
            throw ProtoError(.invalidFields, "request does not match \(type.name)", violations: violations)
        }
    }

    /// Parses JSON text into a message of `type`.
    public init(type: ProtoType, jsonText bytes: some Collection<UInt8>) throws {
        try self.init(type: type, json: try JSONValue.parse(bytes))
    }

    private static func read(
        _ json: JSONValue,
        as type: ProtoType,
        path: String,
        violations: inout [ProtoError.Violation]
    ) -> ProtoMessage {
        var message = ProtoMessage(type: type)
        guard case .object(let object) = json else {
            violations.append(.init(field: path.isEmpty ? "body" : path, description: "must be an object"))
            return message
        }
        let fields = type.fields
        for (key, value) in object {
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = type.field(named: key) else {
                violations.append(.init(field: fieldPath, description: "unknown field"))
                continue
            }
            if case .null = value { continue }
            if field.isRepeated {
                guard case .array(let items) = value else {
                    violations.append(.init(field: fieldPath, description: "must be an array"))
                    continue
                }
                var list: [ProtoValue] = []
                for (position, item) in items.enumerated() {
                    if let element = readElement(item, field, path: "\(fieldPath)[\(position)]", violations: &violations) {
                        list.append(element)
                    }
                }
                message.fields[field.name] = .list(list)
            } else if let element = readElement(value, field, path: fieldPath, violations: &violations) {
                message.fields[field.name] = element
            }
        }
        // Unset proto3 scalars read as their zero value, as they would from the wire.
        for field in fields where message.fields[field.name] == nil && !field.isOneofMember {
            if let zero = ProtoValue.zero(for: field) { message.fields[field.name] = zero }
        }
        return message
    }

    private static func readElement(
        _ json: JSONValue,
        _ field: ProtoField,
        path: String,
        violations: inout [ProtoError.Violation]
    ) -> ProtoValue? {
        func reject(_ description: String) -> ProtoValue? {
            violations.append(.init(field: path, description: description))
            return nil
        }
        switch field.kind {
        case .int32, .sint32, .sfixed32, .int64, .sint64, .sfixed64:
            guard let v = integer(json, Int64.self) else { return reject("must be an integer") }
            if [.int32, .sint32, .sfixed32].contains(field.kind), Int32(exactly: v) == nil { return reject("out of range for int32") }
            return .int(v)
        case .uint32, .fixed32, .uint64, .fixed64:
            guard let v = integer(json, UInt64.self) else { return reject("must be a non-negative integer") }
            if [.uint32, .fixed32].contains(field.kind), UInt32(exactly: v) == nil { return reject("out of range for uint32") }
            return .uint(v)
        case .float, .double:
            switch json {
            case .number(let literal): return Double(literal).map { .double($0) } ?? reject("must be a number")
            case .string("NaN"): return .double(.nan)
            case .string("Infinity"): return .double(.infinity)
            case .string("-Infinity"): return .double(-.infinity)
            case .string(let text):
                guard NumberLiteral.isWellFormed(text), let value = Double(text) else { return reject("must be a number") }
                return .double(value)
            default: return reject("must be a number")
            }
        case .bool:
            guard case .bool(let v) = json else { return reject("must be true or false") }
            return .bool(v)
        case .string:
            switch json {
            case .string(let v):
                guard !v.utf8.contains(0) else { return reject(ProtoError.Violation.nulInString) }
                return .string(v)
            // A number keeps its literal text, so decimal money ("12.50" or 12.50) arrives exactly as sent.
            case .number(let literal): return .string(literal)
            default: return reject("must be a string")
            }
        case .bytes:
            guard case .string(let text) = json, let data = base64(text) else { return reject("must be base64 text") }
            return .bytes(Array(data))
        case .enumeration:
            let enumType = field.enumType!
            switch json {
            case .string(let name):
                guard let number = enumType.number(of: name) else { return reject("unknown value \"\(name)\" of \(enumType.name)") }
                return .enumeration(number)
            case .number:
                guard let number = integer(json, Int32.self) else { return reject("must be an enum name or number") }
                return .enumeration(number)
            default:
                return reject("must be an enum name or number")
            }
        case .message:
            let nested = read(json, as: field.messageType!, path: path, violations: &violations)
            return .message(nested)
        }
    }

    /// An integer from a JSON number or a string holding one, read exactly as proto3 JSON says:
    /// JSON number syntax only (no sign `+`, no leading zeros, no spaces, no hex, nothing after
    /// the number); fraction and exponent forms only when the value is integral (`1e3`, `7.0`).
    private static func integer<T: FixedWidthInteger>(_ json: JSONValue, _: T.Type) -> T? {
        switch json {
        case .number(let text), .string(let text): return NumberLiteral.integer(text, as: T.self)
        default: return nil
        }
    }

    /// Standard or URL-safe base64, with or without padding.
    /// Every message body on the bus passes here (envelopes carry bytes), so the text is mapped
    /// byte by byte: Foundation's string replacement showed up as a tenth of a service's CPU.
    private static func base64(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "-"): bytes[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): bytes[index] = UInt8(ascii: "/")
            default: break
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(bytes))
    }
}
