import ServiceKit

/// Every way a loyalty operation can refuse; mapped to reply codes in one place (`LoyaltyError+RPC`).
public enum LoyaltyError: Error, Sendable, Equatable {
    case invalid([Violation])
    case customerNotFound(String)
    /// The calling Telegram user has no card yet.
    case notRegistered
    case insufficientBalance(available: Int, requested: Int)
    /// The same customer, store, amount and operation within the guard window, without an idempotency key.
    case duplicateTransaction(seconds: Int)
    case storeNotFound(Int32)
    /// The Telegram user is not a cashier of the store.
    case cashierNotFound(storeId: Int32, telegramId: Int64)
    case discountNotFound(Int64)
    /// The discount is already `status` and cannot become `requested`.
    case discountFinished(id: Int64, status: String, requested: String)
    /// The discount's expiry time passed before the till confirmed it; its points were refunded.
    case discountExpired(id: Int64, requested: String)
    case precheckNotFound(Int32)
    /// A customer asked for a card that is not theirs, or that does not exist: one answer for both,
    /// so card numbers cannot be probed.
    case notYourCard
    case forbidden(String)
    /// Only the store's own API key (its agent) may do this.
    case storeKeyOnly
    case telegramOnly

    static func invalid(_ field: String, _ description: String) -> LoyaltyError {
        .invalid([Violation(field, description)])
    }
}
