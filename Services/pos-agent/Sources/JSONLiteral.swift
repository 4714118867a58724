/// A parsed JSON value that keeps numbers as their literal text, so money can be read exactly.
enum JSONLiteral: Equatable {
    case object([(key: String, value: JSONLiteral)])
    case array([JSONLiteral])
    case string(String)
    /// The number exactly as written (`1234.50` stays `1234.50`).
    case number(String)
    case bool(Bool)
    case null

    /// The value of `key` in an object (the last one when a key repeats, as most parsers do).
    subscript(key: String) -> JSONLiteral? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    static func == (lhs: JSONLiteral, rhs: JSONLiteral) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }
}
