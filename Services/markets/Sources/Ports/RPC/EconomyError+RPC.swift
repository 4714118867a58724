import Bus
import Contracts
import ServiceKit

/// The one place where economy refusals become reply codes.
extension EconomyError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .unknownPackage(let id):
            return .invalidArgument("invalid request", [FieldViolation(field: "packageId", description: "no package \(id)")])
        case .unknownStock(let symbol):
            return .notFound("no stock \(symbol)")
        case .insufficientCredits(let needed):
            return RPCError(.aborted, "not enough credits: \(needed) needed", reason: "INSUFFICIENT_CREDITS")
        case .insufficientShares(let held):
            return RPCError(.aborted, "not enough shares: \(held) held", reason: "INSUFFICIENT_SHARES")
        case .forbidden(let message):
            return .permissionDenied(message)
        case .alreadyClaimed(let next):
            return RPCError(.alreadyExists, "today's reward was claimed already; next claim at \(Timestamps.format(next))", reason: "ALREADY_CLAIMED")
        case .signInRequired:
            return RPCError(.unauthenticated, "sign in first")
        }
    }
}
