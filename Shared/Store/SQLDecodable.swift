/// A value that can be read from a Postgres text-format result column.
public protocol SQLDecodable {
    /// Parses the Postgres text output form; throws `StoreError(kind: .decoding)` when it does not fit.
    init(sqlText: String) throws
}
