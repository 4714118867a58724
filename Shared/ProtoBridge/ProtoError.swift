/// Why a message could not be encoded, decoded or converted.
public struct ProtoError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes are not a valid encoding of the type.
        case malformedBytes
        /// The JSON text could not be parsed.
        case malformedJSON
        /// The JSON (or Swift value) does not fit the message type; see `violations`.
        case invalidFields
        /// A value has the wrong shape for its field while building a C message.
        case typeMismatch
    }

    /// One field that does not fit, with a dotted path (`principal.roles[1]`).
    public struct Violation: Sendable, Equatable {
        public var field: String
        public var description: String
        public init(field: String, description: String) {
            self.field = field
            self.description = description
        }

        /// Why a string holding U+0000 is refused (strings reach C as NUL-terminated text).
        public static let nulInString = "must not contain the NUL character (U+0000)"
    }

    public var kind: Kind
    public var message: String
    public var violations: [Violation]

    public init(_ kind: Kind, _ message: String, violations: [Violation] = []) {
        self.kind = kind
        self.message = message
        self.violations = violations
    }

    public var description: String {
        violations.isEmpty ? message : message + ": " + violations.map { "\($0.field): \($0.description)" }.joined(separator: "; ")
    }
}
