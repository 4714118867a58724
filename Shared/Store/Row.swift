/// One result row; values are the Postgres text forms, decoded on demand.
public struct Row: Sendable {
    let storage: ResultStorage
    let offset: Int

    init(storage: ResultStorage, row: Int) {
        self.storage = storage
        self.offset = row * storage.columns.count
    }

    /// The column names of the result, in order.
    public var columns: [String] { storage.columns }

    /// The raw text of a column; nil when the value is NULL or the column does not exist.
    public subscript(_ column: String) -> String? {
        guard let index = storage.columnIndex[column] else { return nil }
        return storage.cells[offset + index]
    }

    /// The raw text of the column at `index` (0-based); nil when NULL.
    public subscript(index index: Int) -> String? {
        storage.cells[offset + index]
    }

    /// Decodes a column; throws `.decoding` when it is missing, NULL (unless `T` is optional) or malformed.
    public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = storage.columnIndex[column] else {
            throw StoreError(kind: .decoding, message: "no column \"\(column)\" in result")
        }
        guard let text = storage.cells[offset + index] else {
            if let nullable = T.self as? any SQLNullRepresentable.Type, let null = nullable.sqlNull as? T {
                return null
            }
            throw StoreError(kind: .decoding, message: "column \"\(column)\" is NULL, expected \(T.self)")
        }
        return try T(sqlText: text)
    }

    /// Decodes a nullable column: nil for NULL; throws `.decoding` when it is missing or malformed.
    public func decodeIfPresent<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard let index = storage.columnIndex[column] else {
            throw StoreError(kind: .decoding, message: "no column \"\(column)\" in result")
        }
        guard let text = storage.cells[offset + index] else { return nil }
        return try T(sqlText: text)
    }
}
