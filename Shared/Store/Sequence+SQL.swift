extension Sequence where Element == SQL {
    /// Joins statements (e.g. `VALUES` tuples or `WHERE` conditions) with a separator, renumbering placeholders.
    public func joined(separator: SQL = ", ") -> SQL {
        var result: SQL?
        for sql in self {
            result = result.map { $0 + separator + sql } ?? sql
        }
        return result ?? ""
    }
}
