import ServiceKit

/// Tunables of the service, from the environment.
public struct LoyaltySettings: Sendable {
    /// How long a pending discount waits for the till before its points are refunded.
    public var pendingDiscountExpirySeconds: Int
    /// A discount handed to an agent but not confirmed within this goes back to pending.
    public var processingRequeueSeconds: Int
    /// Cashier history older than this is deleted by `cleanup-transactions`.
    public var transactionRetentionDays: Int
    /// Same customer + store + amount + operation within this window, without a key, is a duplicate.
    public var duplicateWindowSeconds: Int
    /// How long a submitted receipt amount stays readable.
    public var precheckSeconds: Int

    public init(
        pendingDiscountExpirySeconds: Int = 90,
        processingRequeueSeconds: Int = 60,
        transactionRetentionDays: Int = 45,
        duplicateWindowSeconds: Int = 10,
        precheckSeconds: Int = 60
    ) {
        self.pendingDiscountExpirySeconds = pendingDiscountExpirySeconds
        self.processingRequeueSeconds = processingRequeueSeconds
        self.transactionRetentionDays = transactionRetentionDays
        self.duplicateWindowSeconds = duplicateWindowSeconds
        self.precheckSeconds = precheckSeconds
    }

    public init(environment env: ServiceEnvironment) {
        self.init(
            pendingDiscountExpirySeconds: max(1, env.int("PENDING_DISCOUNT_EXPIRY_SECONDS", default: 90)),
            transactionRetentionDays: max(1, env.int("TRANSACTION_RETENTION_DAYS", default: 45))
        )
    }
}
