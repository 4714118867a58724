extension Array: SQLEncodable where Element: SQLArrayElement {
    public var sqlText: String? { Element.sqlText(forArray: self) }
}

extension Array: SQLDecodable where Element: SQLArrayElement {
    public init(sqlText: String) throws {
        self = try Element.array(fromSQLText: sqlText)
    }
}
