import Bus
import Contracts
import Foundation
import ServiceKit
import Store

extension PromoCodeStore {
    /// Redeems atomically: the promo row is locked (`FOR UPDATE`), so concurrent redeemers are
    /// serialized and see each other's counts; the limit can never be passed (also a CHECK).
    /// A repeat with the idempotency key of the user's redemption answers that redemption again.
    /// Once per user is decided by `promo_code_users`, which retention never prunes: a user whose
    /// redemption record is gone is still refused.
    public func redeem(code: String, userId: String, idempotencyKey: String, now: Date) async throws -> PromoRedemption {
        do {
            return try await pool.transaction { tx in
                let rows = try await tx.query("SELECT \(Self.columns) FROM promo_codes WHERE code = \(code) FOR UPDATE")
                guard let row = rows.first else { throw CodeInventoryError.promoCodeNotFound(code) }
                let promo = try Self.record(row)
                let previous = try await tx.query(
                    """
                    SELECT id, idempotency_key, redeemed_at FROM promo_redemptions WHERE code = \(code) AND user_id = \(userId)
                    """
                )
                if let earlier = previous.first {
                    let key = try earlier.decode("idempotency_key", as: String.self)
                    guard !idempotencyKey.isEmpty, key == idempotencyKey else {
                        throw CodeInventoryError.promoAlreadyRedeemed(code: code, userId: userId)
                    }
                    return PromoRedemption(
                        id: try earlier.decode("id"),
                        promo: promo,
                        userId: userId,
                        redeemedAt: try earlier.decode("redeemed_at")
                    )
                }
                let used = try await tx.query("SELECT 1 AS used FROM promo_code_users WHERE code = \(code) AND user_id = \(userId)")
                guard used.isEmpty else { throw CodeInventoryError.promoAlreadyRedeemed(code: code, userId: userId) }
                if let refusal = PromoRules.refusal(promo, now: now) {
                    throw CodeInventoryError.promoNotRedeemable(code: code, reason: refusal)
                }
                let id = UUID.random()
                try await tx.execute(
                    """
                    INSERT INTO promo_redemptions (id, code, user_id, idempotency_key, redeemed_at)
                    VALUES (\(id), \(code), \(userId), \(idempotencyKey), \(now))
                    """
                )
                try await tx.execute("INSERT INTO promo_code_users (code, user_id) VALUES (\(code), \(userId))")
                try await tx.execute("UPDATE promo_codes SET redemptions = redemptions + 1 WHERE code = \(code)")
                var redeemed = promo
                redeemed.redemptions += 1
                let redemption = PromoRedemption(id: id, promo: redeemed, userId: userId, redeemedAt: now)
                let event = PromoRedeemed(
                    code: code,
                    userId: userId,
                    benefit: PromoMessages.benefit(promo.benefit),
                    redeemedAt: Timestamps.format(now),
                    redemptionId: id.lowercasedString
                )
                try await outbox.enqueue(tx, topic: topics.promoRedeemed, payload: try event.serializedBytes())
                return redemption
            }
        } catch let error as StoreError where error.kind == .uniqueViolation {
            // The row lock makes these unreachable in practice; they are the constraints' last word.
            if error.constraint == "promo_redemptions_key" {
                throw CodeInventoryError.invalid("idempotencyKey", "already used for another redemption of this code")
            }
            throw CodeInventoryError.promoAlreadyRedeemed(code: code, userId: userId)
        }
    }
}
