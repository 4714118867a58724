extension Bool: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { self ? "t" : "f" }
    public init(sqlText: String) throws {
        switch sqlText {
        case "t", "true", "TRUE": self = true
        case "f", "false", "FALSE": self = false
        default: throw StoreError.decoding(Bool.self, sqlText)
        }
    }
}
