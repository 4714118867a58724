import Contracts

/// Redeems a promo code at code-inventory. The idempotency key makes a retried call (after a lost
/// reply) answer the same redemption instead of refusing or redeeming twice.
public protocol PromoRedeemer: Sendable {
    func redeem(code: String, userId: String, idempotencyKey: String) async throws -> RedeemPromoReply
}
