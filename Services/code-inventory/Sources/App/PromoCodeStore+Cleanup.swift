import Foundation
import Store

extension PromoCodeStore {
    /// The `promo-cleanup` job: deactivates codes past `validUntil` and deletes redemption records
    /// older than the retention (365 days). Returns both counts. `promo_code_users` is left alone:
    /// the once-per-user rule outlives the history.
    public func cleanup(now: Date) async throws -> (deactivated: Int, deleted: Int) {
        let deactivated = try await pool.execute(
            """
            UPDATE promo_codes SET active = false WHERE active AND valid_until < \(now)
            """
        )
        let deleted = try await pool.execute(
            """
            DELETE FROM promo_redemptions WHERE redeemed_at < \(PromoRules.retentionCutoff(now: now))
            """
        )
        return (deactivated, deleted)
    }
}
