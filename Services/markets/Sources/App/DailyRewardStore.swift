import Contracts
import Foundation
import ServiceKit
import Store

/// Daily reward claims: the user row lock serializes a user's claims, the (user, day) key makes
/// a second one impossible even if that lock were missing.
public struct DailyRewardStore: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    public func claim(userId: UUID, now: Date) async throws -> DailyCreditsReply {
        let today = DailyRewardRules.utcDay(now)
        let next = DailyRewardRules.nextClaim(after: now)
        do {
            return try await pool.blockingTransaction { tx in
                guard !(try tx.query("SELECT 1 FROM users WHERE id = \(userId) FOR UPDATE")).isEmpty else { throw EconomyError.signInRequired }
                let last = try tx.query("SELECT day, streak FROM daily_rewards WHERE user_id = \(userId) ORDER BY day DESC LIMIT 1").first
                let lastDay: Date? = try last?.decode("day")
                if lastDay == today { throw EconomyError.alreadyClaimed(next: next) }
                let streak = DailyRewardRules.streak(today: now, lastClaimDay: lastDay, lastStreak: try last?.decode("streak") ?? 0)
                let amount = DailyRewardRules.amount(streak: streak)
                try tx.execute(
                    """
                    INSERT INTO daily_rewards (user_id, day, streak, amount, claimed_at) VALUES (\(userId), \(today), \(streak), \(amount), \(now))
                    """
                )
                let balance =
                    try CreditLedger.move(
                        tx,
                        userId: userId,
                        amount: amount,
                        type: "daily_reward",
                        reference: "day:\(Timestamps.format(today).prefix(10))",
                        now: now
                    ) ?? 0
                return DailyCreditsReply(amount: Int32(amount), streak: Int32(streak), credits: Int32(balance), nextClaimAt: Timestamps.format(next))
            }
        } catch let error as StoreError where error.kind == .uniqueViolation {
            throw EconomyError.alreadyClaimed(next: next)
        }
    }
}
