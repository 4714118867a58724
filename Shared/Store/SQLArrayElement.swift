/// A type whose Swift arrays map to one Postgres value: `[String]`/`[Int64]`/… to arrays, `[UInt8]` to bytea.
///
/// Swift allows only one conditional conformance of `Array` to a protocol, so the element type
/// decides how the whole array is written and read.
public protocol SQLArrayElement: Sendable {
    /// The Postgres text form of an array of this element type.
    static func sqlText(forArray elements: [Self]) -> String
    /// Parses the Postgres text form of an array of this element type.
    static func array(fromSQLText text: String) throws -> [Self]
}

extension SQLArrayElement where Self: SQLEncodable & SQLDecodable {
    public static func sqlText(forArray elements: [Self]) -> String {
        PostgresArrayLiteral.encode(elements.map(\.sqlText))
    }

    public static func array(fromSQLText text: String) throws -> [Self] {
        try PostgresArrayLiteral.decode(text).map { element in
            guard let element else {
                throw StoreError(kind: .decoding, message: "array of \(Self.self) contains NULL")
            }
            return try Self(sqlText: element)
        }
    }
}
