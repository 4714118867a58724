/// Why an imported value is not a code.
public enum CodeRejection: String, Sendable, Equatable, Error {
    /// Longer than `CodeRules.maxCodeLength` characters after trimming.
    case tooLong = "too_long"
    /// Not valid UTF-8, or contains a NUL (which Postgres text cannot hold).
    case invalidText = "invalid_text"
}
