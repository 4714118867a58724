import Foundation

extension Data: SQLEncodable, SQLDecodable {
    /// bytea in hex form (`\x0a1b…`).
    public var sqlText: String? { PostgresBytea.encode(self) }
    public init(sqlText: String) throws {
        self = Data(try PostgresBytea.decode(sqlText))
    }
}

extension UInt8: SQLArrayElement {
    /// `[UInt8]` is bytea, not smallint[]: byte buffers are far more common than arrays of tiny numbers.
    public static func sqlText(forArray elements: [UInt8]) -> String {
        PostgresBytea.encode(elements)
    }

    public static func array(fromSQLText text: String) throws -> [UInt8] {
        try PostgresBytea.decode(text)
    }
}
