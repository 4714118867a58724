extension Sequence where Element == SQL {
    /// Joins statements (e.g. `VALUES` tuples or `WHERE` conditions) with a separator, renumbering placeholders.
    ///
    /// One pass: appending pairwise with `+` would copy the growing statement once per element.
    public func joined(separator: SQL = ", ") -> SQL {
        var fragments: [SQL.Fragment] = []
        var binds: [String?] = []
        var isSensitive = false
        var first = true
        func append(_ part: SQL) {
            let offset = binds.count
            fragments.append(contentsOf: part.fragments.lazy.map { $0.shifted(by: offset) })
            binds.append(contentsOf: part.binds)
            isSensitive = isSensitive || part.isSensitive
        }
        for sql in self {
            if !first { append(separator) }
            append(sql)
            first = false
        }
        var result = SQL(fragments: fragments, binds: binds)
        result.isSensitive = isSensitive
        return result
    }
}
