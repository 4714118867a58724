/// Quoting for the few places where Postgres accepts no bind parameters (identifiers, role passwords).
///
/// Mirrors libpq's `PQescapeIdentifier` / `PQescapeLiteral`; Swift strings are valid UTF-8 and the
/// connection encoding is forced to UTF8, so no multi-byte truncation issues arise. NUL bytes cannot
/// reach the server: statements containing them are rejected before sending.
enum SQLQuoting {
    /// `"name"` with embedded double quotes doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `'value'` with quotes doubled; values containing a backslash use the `E'…'` form with the
    /// backslash doubled, so the result means the same whatever `standard_conforming_strings` is.
    static func literal(_ value: String) -> String {
        let quoted = value.replacingAll("'", with: "''")
        if value.unicodeScalars.contains("\\") {
            return "E'" + quoted.replacingAll("\\", with: "\\\\") + "'"
        }
        return "'" + quoted + "'"
    }
}
