import Bus
import Contracts
import ServiceKit

/// The one place where the service's refusals become reply codes (and so HTTP statuses).
extension CodeInventoryError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .noCodesAvailable(let campaignId, let type):
            // ABORTED → 409: nothing to reserve now; a later call may find released or expired codes.
            return RPCError(.aborted, "no \(type.rawValue) codes available in campaign \(campaignId)")
        case .reservationNotFound(let id, let campaignId, let type):
            return .notFound(
                "no reservation \(id.lowercasedString) of \(type.rawValue) codes in campaign \(campaignId) (released already, or expired)"
            )
        case .uploadNotFound(let id):
            return .notFound("no upload \(id)")
        case .chunkOutOfOrder(let expected, let got):
            return RPCError(.failedPrecondition, "chunk \(got) arrived before chunk \(expected)")
        case .uploadAlreadyFinished(let id):
            return RPCError(.failedPrecondition, "upload \(id) is finished")
        case .uploadLost(let id):
            return RPCError(
                .failedPrecondition,
                "upload \(id) lost staged values (the database restarted); nothing of it was imported, upload it again"
            )
        case .uploadAborted(let id):
            return RPCError(.failedPrecondition, "upload \(id) was aborted; nothing of it was imported")
        case .objectNotFound(let key):
            return .notFound("no object \(key)")
        case .promoCodeExists(let code):
            return RPCError(.alreadyExists, "promo code \(code) exists")
        case .promoCodeNotFound(let code):
            return .notFound("no promo code \(code)")
        case .promoNotRedeemable(let code, let reason):
            return RPCError(.failedPrecondition, "\(reason.rawValue): promo code \(code) cannot be redeemed")
        case .promoAlreadyRedeemed(let code, let userId):
            return RPCError(
                .alreadyExists,
                "already_redeemed: user \(userId) redeemed \(code) before",
                reason: "ALREADY_REDEEMED"
            )
        }
    }
}
