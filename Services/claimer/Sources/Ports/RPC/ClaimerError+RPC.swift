import Bus
import Contracts
import ServiceKit

/// The one place where the claimer's refusals become reply codes (and so HTTP statuses).
extension ClaimerError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .notYourUser(let userId):
            return .permissionDenied("you may act only on your own user id, not \(userId)")
        case .noAPIKey(let userId):
            return RPCError(.failedPrecondition, "user \(userId) has no API key on file: submit one first", reason: "NO_API_KEY")
        case .jobNotFound(let id):
            return .notFound("no claim job \(id)")
        case .notRetryable(let id, let state):
            return RPCError(.failedPrecondition, "job \(id) is \(state.rawValue): only dead or failed jobs can be retried")
        case .alreadyPending(let id):
            return RPCError(.alreadyExists, "the code of job \(id) is waiting or running under another job")
        case .promoCodesUnavailable(let why):
            return RPCError(.unavailable, "active promo codes could not be fetched from code-inventory: \(why)")
        case .keyUnreadable(let keyId):
            return RPCError(.internal, "a stored API key is sealed under the unknown key id \(keyId)")
        case .attemptsStillRunning(let userId, let count):
            return RPCError(
                .unavailable,
                "the API key of \(userId) is deleted and its waiting jobs cancelled, but \(count) attempts "
                    + "started before are still running: ask again to wait for them",
                reason: "ATTEMPTS_RUNNING"
            )
        }
    }
}
