import Bus
import Contracts
import ServiceKit

/// The one place where economy refusals become reply codes.
extension EconomyError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .alreadyClaimed(let next):
            return RPCError(.alreadyExists, "today's reward was claimed already; next claim at \(Timestamps.format(next))", reason: "ALREADY_CLAIMED")
        case .signInRequired:
            return RPCError(.unauthenticated, "sign in first")
        }
    }
}
