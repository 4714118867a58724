extension StoreError.Kind {
    /// Classifies a SQLSTATE; codes without a dedicated kind fall back to their class.
    init(sqlState: String) {
        switch sqlState {
        case "23505": self = .uniqueViolation
        case "23514": self = .checkViolation
        case "23503": self = .foreignKeyViolation
        case "23502": self = .notNullViolation
        case "40001": self = .serializationFailure
        case "40P01": self = .deadlockDetected
        case "42501": self = .insufficientPrivilege
        case "42P01": self = .undefinedTable
        case "57014": self = .queryCanceled
        case "57P01", "57P02": self = .adminShutdown
        case "57P03", "53300": self = .connectionFailure
        default:
            switch sqlState.prefix(2) {
            case "08": self = .connectionFailure
            case "22": self = .invalidInput
            default: self = .other
            }
        }
    }

    /// After an error of this kind the session is gone: the connection must be discarded, not reused.
    var endsSession: Bool {
        self == .connectionFailure || self == .adminShutdown
    }
}

extension StoreError {
    /// A prepared statement the session cached can no longer run as prepared: its result shape
    /// changed after DDL (0A000 "cached plan must not change result type") or the server no
    /// longer knows it (26000).
    var isStalePreparedStatement: Bool {
        sqlState == "26000" || (sqlState == "0A000" && message.contains("cached plan"))
    }
}
