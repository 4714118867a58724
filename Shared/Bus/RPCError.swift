import Contracts

/// An error with a reply status: the one shape every failure takes on the bus.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var violations: [FieldViolation]
    /// A machine-readable reason within the code (e.g. `DUPLICATE_TRANSACTION`); empty when the code says it all.
    public var reason: String

    public init(_ code: StatusCode, _ message: String, violations: [FieldViolation] = [], reason: String = "") {
        self.code = code
        self.message = message
        self.violations = violations
        self.reason = reason
    }

    public var description: String {
        violations.isEmpty
            ? "\(code.rawValue): \(message)"
            : "\(code.rawValue): \(message) (\(violations.map { "\($0.field): \($0.description)" }.joined(separator: "; ")))"
    }

    public static func invalidArgument(_ message: String, _ violations: [FieldViolation] = []) -> RPCError {
        RPCError(.invalidArgument, message, violations: violations)
    }

    public static func notFound(_ message: String) -> RPCError { RPCError(.notFound, message) }
    public static func unimplemented(_ message: String) -> RPCError { RPCError(.unimplemented, message) }
    public static func permissionDenied(_ message: String) -> RPCError { RPCError(.permissionDenied, message) }
}

/// Domain errors adopt this so the one mapping point (the router) turns them into reply codes.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
    public var rpcError: RPCError { self }
}
