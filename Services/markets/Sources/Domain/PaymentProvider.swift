import Foundation

/// Settles a credit purchase with a payment provider. Only the simulated `manual` provider exists
/// (no real money in V1); a real one implements this and is chosen by configuration.
public protocol PaymentProvider: Sendable {
    var name: String { get }
    /// Settles the purchase; the answer is the provider's reference. Must be safe to call twice
    /// for one purchase id (the service credits only on the first completion).
    func settle(purchaseId: UUID, priceCents: Int, currency: String) async throws -> String
}

/// Simulated settlement: always succeeds, referencing the purchase itself.
public struct ManualPaymentProvider: PaymentProvider {
    public let name = "manual"

    public init() {}

    public func settle(purchaseId: UUID, priceCents: Int, currency: String) async throws -> String {
        "manual-\(purchaseId.lowercasedString)"
    }
}
