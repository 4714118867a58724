extension String: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { self }
    public init(sqlText: String) { self = sqlText }
}
