import Bus
import Contracts

/// The one place where the service's refusals become reply codes (and so HTTP statuses).
extension LoyaltyError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .invalid(let violations):
            return .invalidArgument("invalid request", violations.map { FieldViolation(field: $0.field, description: $0.description) })
        case .customerNotFound(let card):
            return .notFound("no customer with card \(card)")
        case .notRegistered:
            return .notFound("you have no card yet")
        case .insufficientBalance(let available, let requested):
            return RPCError(
                .failedPrecondition,
                "not enough points: \(available) available, \(requested) requested",
                reason: "INSUFFICIENT_BALANCE"
            )
        case .duplicateTransaction(let seconds):
            return RPCError(
                .aborted,
                "the same operation was done less than \(seconds) s ago; send an Idempotency-Key to retry safely",
                reason: "DUPLICATE_TRANSACTION"
            )
        case .storeNotFound(let id):
            return .notFound("no store \(id)")
        case .cashierNotFound(let storeId, let telegramId):
            return .notFound("Telegram user \(telegramId) is not a cashier of store \(storeId)")
        case .discountNotFound(let id):
            return .notFound("no discount \(id)")
        case .discountFinished(let id, let status, let requested):
            return RPCError(.aborted, "discount \(id) is already \(status); it cannot become \(requested)", reason: "DISCOUNT_FINISHED")
        case .discountExpired(let id, let requested):
            return RPCError(
                .aborted,
                "discount \(id) expired before it was confirmed; it cannot become \(requested) and its points were refunded",
                reason: "DISCOUNT_EXPIRED"
            )
        case .precheckNotFound(let storeId):
            return .notFound("no receipt amount from store \(storeId) in the last minute")
        case .notYourCard:
            return RPCError(.permissionDenied, "you can see only your own card", reason: "NOT_YOUR_CARD")
        case .forbidden(let message):
            return .permissionDenied(message)
        case .storeKeyOnly:
            return RPCError(
                .permissionDenied,
                "only the store's agent (its x-store-api-key) takes its discounts; GET /api/1c/pending-discounts lists them",
                reason: "STORE_KEY_ONLY"
            )
        case .telegramOnly:
            return .permissionDenied("only a Telegram user (initData) has a card of their own")
        }
    }
}
