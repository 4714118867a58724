/// Typed database error carrying the SQLSTATE; storage layers map it to domain errors.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as far as callers usually need to distinguish.
    public enum Kind: Sendable, Equatable {
        case uniqueViolation, checkViolation, foreignKeyViolation, notNullViolation
        case serializationFailure, deadlockDetected
        case insufficientPrivilege, undefinedTable
        case connectionFailure, adminShutdown, queryCanceled
        case invalidInput, decoding, poolClosed, other
    }

    public var kind: Kind
    /// The five-character SQLSTATE from the server; nil for client-side errors.
    public var sqlState: String?
    /// The server's primary message (or a client-side description).
    public var message: String
    /// The violated constraint's name, when the server reports one.
    public var constraint: String?
    /// The server's detail line. May contain row values, so it is not part of `description`.
    public var detail: String?

    public init(kind: Kind, sqlState: String? = nil, message: String, constraint: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
        self.detail = detail
    }

    /// True for serialization failures (40001) and deadlocks (40P01): running the transaction again may succeed.
    public var isRetryableTransactionConflict: Bool {
        kind == .serializationFailure || kind == .deadlockDetected
    }

    /// True when the connection was lost (network, server shutdown): the database may be back on the next call.
    public var isConnectionLoss: Bool {
        kind == .connectionFailure || kind == .adminShutdown
    }

    public var description: String {
        var text = "StoreError.\(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        return text
    }
}
