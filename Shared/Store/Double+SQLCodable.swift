extension Double: SQLEncodable, SQLDecodable, SQLArrayElement {
    /// Swift's shortest round-tripping form; Postgres spells the special values differently.
    public var sqlText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }

    public init(sqlText: String) throws {
        switch sqlText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(sqlText) else { throw StoreError.decoding(Double.self, sqlText) }
            self = value
        }
    }
}
