import Contracts
import Foundation
import ServiceKit
import Store

/// Users' tiers, the global override, promo benefits and the tier jobs' SQL.
public struct TierStore: Sendable {
    let pool: ConnectionPool
    static let overrideKey = "tier_override"

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// The override as stored (it may have expired; `EffectiveTier` ignores an expired one).
    public func override() async throws -> (tier: Tier, expiresAt: Date)? {
        guard let row = try await pool.query("SELECT tier, expires_at FROM global_config WHERE key = \(Self.overrideKey)").first,
            let tier = Tier(rawValue: try row.decodeIfPresent("tier", as: String.self) ?? ""),
            let end: Date = try row.decodeIfPresent("expires_at")
        else { return nil }
        return (tier, end)
    }

    public func setOverride(tier: Tier, expiresAt: Date, now: Date) async throws {
        try await pool.execute(
            """
            INSERT INTO global_config (key, tier, expires_at, updated_at) VALUES (\(Self.overrideKey), \(tier.rawValue), \(expiresAt), \(now))
            ON CONFLICT (key) DO UPDATE SET tier = excluded.tier, expires_at = excluded.expires_at, updated_at = excluded.updated_at
            """
        )
    }

    /// Removes the override; with `expiredAt`, only when it has ended by then. True when one was removed.
    public func clearOverride(expiredAt now: Date? = nil) async throws -> Bool {
        if let now {
            return try await pool.execute("DELETE FROM global_config WHERE key = \(Self.overrideKey) AND expires_at <= \(now)") > 0
        }
        return try await pool.execute("DELETE FROM global_config WHERE key = \(Self.overrideKey)") > 0
    }

    /// Applies a redeemed promo's benefit once per redemption id: credits through the ledger, or
    /// the tier for `days` (extending the same tier's current end). A repeat answers the state as is.
    public func applyPromo(_ redemption: RedeemPromoReply, userId: UUID, now: Date) async throws -> PromoCodeRedeemed {
        let benefit = redemption.benefit
        return try await pool.blockingTransaction { tx in
            let user = try tx.query("SELECT credits, tier, tier_expires_at FROM users WHERE id = \(userId) FOR UPDATE")
            guard let row = user.first else { throw EconomyError.signInRequired }
            var balance: Int = try row.decode("credits")
            var tierEnd: Date? = try row.decodeIfPresent("tier_expires_at")
            let fresh =
                try tx.execute(
                    """
                    INSERT INTO promo_applications (redemption_id, user_id, code, credits, tier, days, applied_at)
                    VALUES (\(redemption.redemptionId), \(userId), \(redemption.code), \(benefit?.credits), \(benefit?.tier), \(benefit?.days), \(now))
                    ON CONFLICT (redemption_id) DO NOTHING
                    """
                ) == 1
            if fresh, let credits = benefit?.credits, credits > 0 {
                balance =
                    try CreditLedger.move(
                        tx,
                        userId: userId,
                        amount: Int(credits),
                        type: "promo",
                        reference: "promo:\(redemption.code)",
                        now: now
                    ) ?? balance
            }
            if fresh, let name = benefit?.tier, let tier = Tier(rawValue: name), let days = benefit?.days, days > 0 {
                let own = Tier(rawValue: try row.decode("tier")) ?? .free
                let start = own == tier && (tierEnd ?? now) > now ? tierEnd! : now
                let end = start.addingTimeInterval(TimeInterval(days) * 86_400)
                // A promo never lowers a higher tier the user already has.
                if tier >= own || (tierEnd ?? .distantPast) <= now {
                    try tx.execute(
                        """
                        UPDATE users SET tier = \(tier.rawValue), tier_source = 'promo', tier_expires_at = \(end), updated_at = \(now) WHERE id = \(userId)
                        """
                    )
                    tierEnd = end
                }
            }
            return PromoCodeRedeemed(
                code: redemption.code,
                credits: benefit?.credits ?? 0,
                tier: benefit?.tier ?? "",
                days: benefit?.days ?? 0,
                balance: Int32(balance),
                tierExpiresAt: tierEnd.map(Timestamps.format) ?? ""
            )
        }
    }

    /// Users whose own tier has ended and is not free yet.
    public func expiredTierUsers(now: Date, limit: Int) async throws -> [UUID] {
        try await pool.query(
            """
            SELECT id FROM users WHERE tier <> 'free' AND tier_expires_at <= \(now) ORDER BY tier_expires_at LIMIT \(limit)
            """
        ).map { try $0.decode("id") }
    }

    /// Drops one user back to free (if still due); true when changed.
    public func expireTier(userId: UUID, now: Date) async throws -> Bool {
        try await pool.execute(
            """
            UPDATE users SET tier = 'free', tier_source = 'default', tier_expires_at = NULL, updated_at = \(now)
            WHERE id = \(userId) AND tier <> 'free' AND tier_expires_at <= \(now)
            """
        ) > 0
    }

    /// Records the reminders due in the window (after, until] for `thresholdDays`, once per user
    /// and tier end; returns the users newly due with their tier end.
    public func recordReminders(thresholdDays: Int, after: Date, until: Date, now: Date) async throws -> [(UUID, Date)] {
        let rows = try await pool.query(
            """
            INSERT INTO notifications (user_id, kind, threshold_days, tier_expires_at, message, created_at)
            SELECT id, 'trial_reminder', \(thresholdDays), tier_expires_at,
                   'Your ' || tier || ' tier ends on ' || to_char(tier_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC', \(now)
            FROM users WHERE tier <> 'free' AND tier_expires_at > \(after) AND tier_expires_at <= \(until)
            ON CONFLICT DO NOTHING
            RETURNING user_id, tier_expires_at
            """
        )
        return try rows.map { (try $0.decode("user_id"), try $0.decode("tier_expires_at")) }
    }
}
