extension Int: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { String(self) }
    public init(sqlText: String) throws {
        guard let value = Int(sqlText) else { throw StoreError.decoding(Int.self, sqlText) }
        self = value
    }
}

extension Int16: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { String(self) }
    public init(sqlText: String) throws {
        guard let value = Int16(sqlText) else { throw StoreError.decoding(Int16.self, sqlText) }
        self = value
    }
}

extension Int32: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { String(self) }
    public init(sqlText: String) throws {
        guard let value = Int32(sqlText) else { throw StoreError.decoding(Int32.self, sqlText) }
        self = value
    }
}

extension Int64: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { String(self) }
    public init(sqlText: String) throws {
        guard let value = Int64(sqlText) else { throw StoreError.decoding(Int64.self, sqlText) }
        self = value
    }
}
