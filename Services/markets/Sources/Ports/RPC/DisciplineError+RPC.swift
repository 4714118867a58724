import Bus
import Contracts

/// The one place where discipline refusals become reply codes.
extension DisciplineError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .notFound(let what):
            return .notFound("no \(what)")
        }
    }
}
