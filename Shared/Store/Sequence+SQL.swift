extension Sequence where Element == SQL {
    /// Joins statements (e.g. `VALUES` tuples or `WHERE` conditions) with a separator, renumbering placeholders.
    ///
    /// One pass: appending pairwise with `+` would copy the growing statement once per element.
    public func joined(separator: SQL = ", ") -> SQL {
        var fragments: [SQL.Fragment] = []
        var binds: [String?] = []
        var isSensitive = false
        var first = true
        for sql in self {
            for part in first ? [sql] : [separator, sql] {
                let offset = binds.count
                fragments.append(contentsOf: part.fragments.map { $0.shifted(by: offset) })
                binds.append(contentsOf: part.binds)
                isSensitive = isSensitive || part.isSensitive
            }
            first = false
        }
        var result = SQL(fragments: fragments, binds: binds)
        result.isSensitive = isSensitive
        return result
    }
}
