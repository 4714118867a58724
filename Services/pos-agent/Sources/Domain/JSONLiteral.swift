/// A parsed JSON value that keeps numbers as their literal text, so money can be read exactly.
enum JSONLiteral {
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
}
