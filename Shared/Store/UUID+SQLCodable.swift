import Foundation

extension UUID: SQLEncodable, SQLDecodable, SQLArrayElement {
    public var sqlText: String? { uuidString.lowercased() }
    public init(sqlText: String) throws {
        guard let value = UUID(uuidString: sqlText) else { throw StoreError.decoding(UUID.self, sqlText) }
        self = value
    }
}
