/// A value that can be bound as a text-format Postgres parameter.
public protocol SQLEncodable: Sendable {
    /// The Postgres text input form of the value; `nil` binds SQL NULL.
    var sqlText: String? { get }
}
