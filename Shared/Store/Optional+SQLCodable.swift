extension Optional: SQLEncodable where Wrapped: SQLEncodable {
    public var sqlText: String? { self?.sqlText ?? nil }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public init(sqlText: String) throws {
        self = try Wrapped(sqlText: sqlText)
    }
}

extension Optional: SQLNullRepresentable {
    static var sqlNull: Self { nil }
}
