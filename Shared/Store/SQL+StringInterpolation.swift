extension SQL {
    /// Builds `SQL` from a string literal: interpolated values become bound parameters.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var fragments: [Fragment] = []
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            fragments.append(.raw(literal))
        }

        /// Binds `value` as the next `$n` parameter.
        public mutating func appendInterpolation<T: SQLEncodable>(_ value: T) {
            fragments.append(.parameter(binds.count))
            binds.append(value.sqlText)
        }

        /// Binds `value` as the next `$n` parameter; `nil` is bound as NULL.
        public mutating func appendInterpolation<T: SQLEncodable>(_ value: T?) {
            fragments.append(.parameter(binds.count))
            binds.append(value?.sqlText ?? nil)
        }

        /// Embeds another statement fragment, renumbering its placeholders.
        public mutating func appendInterpolation(_ sql: SQL) {
            let offset = binds.count
            fragments.append(contentsOf: sql.fragments.map { $0.shifted(by: offset) })
            binds.append(contentsOf: sql.binds)
        }

        /// Inserts text verbatim. The only way to splice raw text: never pass anything derived from input.
        public mutating func appendInterpolation(unsafeRaw raw: String) {
            fragments.append(.raw(raw))
        }

        /// Inserts a double-quoted, escaped identifier (schema, table, role or column name).
        public mutating func appendInterpolation(identifier: String) {
            fragments.append(.raw(SQLQuoting.identifier(identifier)))
        }
    }
}
