import Foundation

extension Date: SQLEncodable, SQLDecodable, SQLArrayElement {
    /// ISO 8601 in UTC with milliseconds (`2024-05-01T12:30:00.123Z`), read by Postgres as timestamptz.
    public var sqlText: String? { PostgresTimestamp.format(self) }

    /// Parses timestamptz/timestamp/date output, any UTC offset (`+00`, `+05:30`); `infinity` maps to
    /// `Date.distantFuture` and `-infinity` to `Date.distantPast`.
    public init(sqlText: String) throws {
        self = try PostgresTimestamp.parse(sqlText)
    }
}
